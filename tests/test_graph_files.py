"""Reading school networks from GraphML, GEXF and CSV files, and the errors users see."""

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios.graph_files import read_graph
from simulation.errors import InputError


def school_network(directed: bool = False) -> nx.Graph:
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_node("lincoln", cluster="north", capacity=0.4, baseline=-0.5, colour="red")
    graph.add_node("adams", cluster="south", capacity=0.9, context_0=0.25)
    graph.add_node("baker", cluster="north")
    graph.add_node("carver", cluster="east")
    graph.add_edge("lincoln", "adams", weight=2.0)
    graph.add_edge("adams", "baker", weight=0.5)
    return graph


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def message(path, node_attributes=None) -> str:
    with pytest.raises(InputError) as raised:
        read_graph(path, node_attributes)
    text = str(raised.value)
    assert "\n" not in text
    return text


# --- reading ---


@pytest.mark.parametrize("writer", [nx.write_graphml, nx.write_gexf])
def test_xml_formats_round_trip(tmp_path, writer):
    path = tmp_path / ("net.graphml" if writer is nx.write_graphml else "net.gexf")
    writer(school_network(), path)
    graph = read_graph(path)
    assert list(graph.nodes) == [0, 1, 2, 3]
    assert [graph.nodes[node]["label"] for node in graph] == ["lincoln", "adams", "baker", "carver"]
    assert [graph.nodes[node]["cluster"] for node in graph] == [0, 1, 0, 2]
    assert graph.nodes[0] == {"label": "lincoln", "cluster": 0, "capacity": 0.4, "baseline": -0.5}
    assert graph.nodes[1]["context_0"] == 0.25 and "capacity" not in graph.nodes[2]
    assert sorted(graph.edges(data="weight")) == [(0, 1, 2.0), (1, 2, 0.5)]


def test_directed_multigraph_becomes_simple_undirected(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_edge("a", "b", weight=1.0)
    graph.add_edge("b", "a", weight=3.0)
    graph.add_edge("a", "b", weight=2.0)
    graph.add_edge("b", "b")
    nx.write_graphml(graph, tmp_path / "net.graphml")
    read = read_graph(tmp_path / "net.graphml")
    assert type(read) is nx.Graph
    assert list(read.edges(data="weight")) == [(0, 1, 3.0)]


def test_edge_list_csv(tmp_path):
    path = write(tmp_path / "ties.csv", "Source, Target ,weight\nx,y,1.5\ny,z,\nz,y,0.5\nz,z,2\n")
    graph = read_graph(path)
    assert [graph.nodes[node]["label"] for node in graph] == ["x", "y", "z"]
    assert {graph.nodes[node]["cluster"] for node in graph} == {0}
    assert sorted(graph.edges(data="weight")) == [(0, 1, 1.5), (1, 2, 1.0)]


def test_edge_list_without_weights_has_no_weight_attribute(tmp_path):
    graph = read_graph(write(tmp_path / "ties.csv", "source,target\n1,2\n2,3\n3,1\n"))
    assert graph.number_of_edges() == 3
    assert all(data == {} for *_, data in graph.edges(data=True))


def test_attribute_csv_sets_and_overrides_attributes(tmp_path):
    nx.write_graphml(school_network(), tmp_path / "net.graphml")
    attrs = write(
        tmp_path / "attrs.csv",
        "node,cluster,capacity,baseline,context_3\n"
        "lincoln,3,0.1,,0.5\nadams,1,,,\nbaker,2,,,\ncarver,10,,1.25,\n",
    )
    graph = read_graph(tmp_path / "net.graphml", attrs)
    assert [graph.nodes[node]["cluster"] for node in graph] == [2, 0, 1, 3]  # numeric order
    assert graph.nodes[0] == {
        "label": "lincoln",
        "cluster": 2,
        "capacity": 0.1,
        "baseline": -0.5,
        "context_3": 0.5,
    }
    assert graph.nodes[1]["capacity"] == 0.9  # kept from the network file
    assert graph.nodes[3]["baseline"] == 1.25


def test_attribute_csv_for_an_edge_list(tmp_path):
    ties = write(tmp_path / "ties.csv", "source,target\n01,02\n")
    attrs = write(tmp_path / "attrs.csv", "id,cluster,capacity\n02,urban,0.5\n01,rural,\n")
    graph = read_graph(ties, attrs)  # cluster names are numbered in the network's node order
    assert graph.nodes[0] == {"label": "01", "cluster": 0}
    assert graph.nodes[1] == {"label": "02", "cluster": 1, "capacity": 0.5}


# --- errors ---


def test_missing_file(tmp_path):
    assert "net.graphml: network file not found" in message(tmp_path / "net.graphml")


def test_unknown_extension(tmp_path):
    text = message(write(tmp_path / "net.txt", "a b\n"))
    assert "net.txt: unknown network file type '.txt'; allowed: .graphml, .gexf, .csv" in text


@pytest.mark.parametrize("name", ["net.graphml", "net.gexf"])
@pytest.mark.parametrize("content", ["not xml at all", "<graphml><graph>", "<foo/>"])
def test_malformed_xml(tmp_path, name, content):
    text = message(write(tmp_path / name, content))
    assert f"{name}: not a valid {name.split('.')[1].upper()} file (" in text


def test_graphml_value_of_the_wrong_declared_type(tmp_path):
    path = write(
        tmp_path / "net.graphml",
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="d0" for="node" attr.name="size" attr.type="int"/>'
        '<graph edgedefault="undirected"><node id="a"><data key="d0">big</data></node>'
        "</graph></graphml>",
    )
    assert "not a valid GRAPHML file (invalid literal" in message(path)


def test_csv_without_source_and_target(tmp_path):
    text = message(write(tmp_path / "ties.csv", "a,b\nc,d\n"))
    assert "ties.csv: edge list needs a header with columns source,target[,weight]" in text
    assert "missing source, target; found a, b" in text


def test_csv_with_unknown_column(tmp_path):
    text = message(write(tmp_path / "ties.csv", "source,target,weigth\na,b,1\n"))
    assert "unknown column 'weigth'; allowed: source, target, weight" in text


def test_csv_with_empty_target(tmp_path):
    assert "ties.csv: line 3 has an empty target" in message(
        write(tmp_path / "ties.csv", "source,target\na,b\nc,\n")
    )


def test_non_numeric_and_negative_weights(tmp_path):
    heavy = write(tmp_path / "heavy.csv", "source,target,weight\na,b,1\nb,c,heavy\n")
    assert "tie weight must be a number ≥ 0, e.g. tie 'b'–'c' has 'heavy'" in message(heavy)
    negative = write(tmp_path / "negative.csv", "source,target,weight\na,b,-1\n")
    assert "e.g. tie 'a'–'b' has '-1'" in message(negative)


def test_attribute_ids_not_in_the_network(tmp_path):
    ties = write(tmp_path / "ties.csv", "source,target\na,b\n")
    attrs = write(tmp_path / "attrs.csv", "id,capacity\na,0.5\nX,0.1\nY,0.2\nZ,0.3\n")
    assert "3 node ids in attrs.csv are not in the network, e.g. 'X'" in message(ties, attrs)


def test_attribute_file_missing(tmp_path):
    ties = write(tmp_path / "ties.csv", "source,target\na,b\n")
    assert "attrs.csv: node-attribute file not found" in message(ties, tmp_path / "attrs.csv")


def test_unknown_attribute_column(tmp_path):
    ties = write(tmp_path / "ties.csv", "source,target\na,b\n")
    attrs = write(tmp_path / "attrs.csv", "id,capcity\na,0.5\n")
    text = message(ties, attrs)
    assert "attrs.csv: unknown column 'capcity'; allowed: id, cluster, capacity, baseline" in text
    assert "context_3" in text


@pytest.mark.parametrize("header", ["name,capacity", "id,node,capacity"])
def test_attribute_file_needs_one_id_column(tmp_path, header):
    ties = write(tmp_path / "ties.csv", "source,target\na,b\n")
    attrs = write(tmp_path / "attrs.csv", f"{header}\n")
    assert f"exactly one id column, 'id' or 'node'; found columns {header.replace(',', ', ')}" in (
        message(ties, attrs)
    )


def test_duplicate_attribute_ids(tmp_path):
    ties = write(tmp_path / "ties.csv", "source,target\na,b\n")
    attrs = write(tmp_path / "attrs.csv", "id,capacity\na,0.5\na,0.6\n")
    assert "attrs.csv: id 'a' appears more than once" in message(ties, attrs)


def test_non_numeric_capacity(tmp_path):
    ties = write(tmp_path / "ties.csv", "source,target\na,b\n")
    attrs = write(tmp_path / "attrs.csv", "id,capacity\na,0.5\nb,high\n")
    assert "attrs.csv: capacity must be a number, e.g. id 'b' has 'high'" in message(ties, attrs)


def test_capacity_outside_unit_interval(tmp_path):
    ties = write(tmp_path / "ties.csv", "source,target\na,b\n")
    attrs = write(tmp_path / "attrs.csv", "id,capacity\na,1.5\n")
    assert "capacity must be within [0, 1], e.g. id 'a' has '1.5'" in message(ties, attrs)


def test_non_numeric_baseline_in_graphml(tmp_path):
    graph = nx.Graph()
    graph.add_node("a", baseline="low")
    nx.write_graphml(graph, tmp_path / "net.graphml")
    text = message(tmp_path / "net.graphml")
    assert "net.graphml: baseline must be a number, e.g. node 'a' has 'low'" in text


def test_cluster_missing_for_some_schools(tmp_path):
    ties = write(tmp_path / "ties.csv", "source,target\na,b\nb,c\n")
    attrs = write(tmp_path / "attrs.csv", "id,cluster\na,1\n")
    assert "cluster is missing for 2 of 3 schools, e.g. 'b'" in message(ties, attrs)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", "source,target\n"),
        ("empty.graphml", nx.generate_graphml(nx.Graph())),
    ],
)
def test_network_without_schools(tmp_path, name, content):
    if not isinstance(content, str):
        content = "\n".join(content)
    assert f"{name}: network has no schools" in message(write(tmp_path / name, content))


def test_csv_that_is_not_text(tmp_path):
    path = tmp_path / "ties.csv"
    path.write_bytes(b"\xff\xfe\x00\x81source")
    assert "ties.csv: not a readable CSV file" in message(path)


GEXF = '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph>{}</graph></gexf>'
GRAPHML = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
    '<graph edgedefault="undirected">{}</graph></graphml>'
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("net.gexf", GEXF.format('<nodes><node label="x"/><node id="b"/></nodes>')),
        ("net.gexf", GEXF.format('<nodes><node id=""/><node id="b"/></nodes>')),
        ("net.gexf", GEXF.format('<nodes><node id="a"/></nodes><edges><edge source="a"/></edges>')),
        ("net.gexf", GEXF.format('<nodes><node id="a"/></nodes><edges><edge target="a"/></edges>')),
        ("net.graphml", GRAPHML.format('<node/><node id="b"/>')),
        ("net.graphml", GRAPHML.format('<node id="a"/><edge source="a"/>')),
        ("net.graphml", GRAPHML.format('<node id="a"/><edge source=" " target="a"/>')),
    ],
)
def test_nodes_and_ties_without_ids_are_refused(tmp_path, name, content):
    """NetworkX reads a missing id as the text "None": a school that does not exist."""
    text = message(write(tmp_path / name, content))
    assert f"{name}: a node or tie lacks an id; every node needs an id" in text


def test_gexf_value_left_out(tmp_path):
    """NetworkX's reader fails with a TypeError (float(None)) on a number without value."""
    path = write(
        tmp_path / "net.gexf",
        GEXF.format(
            '<attributes class="node"><attribute id="0" title="size" type="double"/>'
            '</attributes><nodes><node id="a"><attvalues><attvalue for="0"/></attvalues>'
            "</node></nodes>"
        ),
    )
    assert "net.gexf: not a valid GEXF file (float() argument" in message(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # GEXF nodes hold nodes: NetworkX's reader recurses into them
        ("deep.gexf", GEXF.format("<nodes>" + '<node id="n"><nodes>' * 3000 + "</nodes>")),
        ("deep.graphml", GRAPHML.format('<node id="n"><graph>' * 3000)),  # and truncated
        ("net.graphml", GRAPHML.format('<node id="a"/><edge source="a" target="b"/>')[:-20]),
    ],
)
def test_deeply_nested_or_truncated_xml_is_one_line(tmp_path, name, content):
    text = message(write(tmp_path / name, content))
    assert f"{name}: not a valid {name.split('.')[1].upper()} file (" in text


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)


def test_entity_expansion_is_refused(tmp_path):
    """A billion laughs: ten levels of entities, each ten of the one before (10^10 bytes)."""
    content = LAUGHS + GRAPHML.format('<node id="&j;"/>')
    assert "not a valid GRAPHML file (limit on input amplification" in message(
        write(tmp_path / "laughs.graphml", content)
    )


@pytest.mark.parametrize("name", ["net.graphml", "net.gexf"])
def test_external_entities_are_never_read(tmp_path, name):
    secret = write(tmp_path / "secret.txt", "do-not-read")
    doctype = f'<?xml version="1.0"?><!DOCTYPE g [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
    body = (GRAPHML if name.endswith("graphml") else GEXF).format(
        '<node id="a"><data key="d">&x;</data></node>'
        if name.endswith("graphml")
        else '<nodes><node id="a" label="&x;"/></nodes>'
    )
    try:
        graph = read_graph(write(tmp_path / name, doctype + body))
    except InputError as error:
        assert "do-not-read" not in str(error)
    else:
        assert "do-not-read" not in str(dict(graph.nodes(data=True)))


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("Source,source,target\na,b,c\n", "column 'source' appears more than once"),
        ("source,target\na,b,c,d\n", "a row has more cells than the header has columns"),
        ("source,target\na,b\nc,d,e\n", "not a readable CSV file"),
        ('source,target\n"a,b\n', "not a readable CSV file"),
    ],
)
def test_malformed_edge_lists(tmp_path, content, fragment):
    assert fragment in message(write(tmp_path / "ties.csv", content))


# --- any bytes in, one line out (property-based; CI runs a fixed set of examples) ---

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def reads_or_refuses(path: Path, node_attributes: Path | None = None) -> None:
    """The file reads, or fails with a one-line InputError; any other exception is a bug."""
    try:
        read_graph(path, node_attributes)
    except InputError as error:
        assert str(error) and "\n" not in str(error) and "\r" not in str(error)


def samples(folder: Path) -> dict[str, bytes]:
    """Valid files of every kind the CLI reads for a network."""
    nx.write_graphml(school_network(), folder / "net.graphml")
    nx.write_gexf(school_network(), folder / "net.gexf")
    return {
        "net.graphml": (folder / "net.graphml").read_bytes(),
        "net.gexf": (folder / "net.gexf").read_bytes(),
        "ties.csv": b"source,target,weight\nlincoln,adams,2\nadams,baker,0.5\n",
        "attrs.csv": b"id,cluster,capacity,baseline\nlincoln,1,0.5,0\nadams,2,,1\n",
    }


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(["n.graphml", "n.gexf", "n.csv"]))
def test_any_bytes_as_a_network_file_read_or_fail_with_one_line(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("bytes") / name
    path.write_bytes(data)
    reads_or_refuses(path)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_any_bytes_as_a_node_attribute_file_read_or_fail_with_one_line(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "ties.csv").write_text("source,target\nlincoln,adams\n")
    (folder / "attrs.csv").write_bytes(data)
    reads_or_refuses(folder / "ties.csv", folder / "attrs.csv")


@FUZZ
@given(
    name=st.sampled_from(["net.graphml", "net.gexf", "ties.csv", "attrs.csv"]),
    cut=st.integers(min_value=0),
    at=st.integers(min_value=0),
    inserted=st.binary(max_size=12),
)
def test_damaged_network_files_read_or_fail_with_one_line(
    tmp_path_factory, name, cut, at, inserted
):
    """A valid file truncated anywhere, with a few arbitrary bytes put in anywhere."""
    folder = tmp_path_factory.mktemp("damaged")
    data = samples(folder)[name]
    data = data[: len(data) - cut % (len(data) + 1)]
    at %= len(data) + 1
    (folder / name).write_bytes(data[:at] + inserted + data[at:])
    if name == "attrs.csv":
        reads_or_refuses(folder / "net.graphml", folder / name)
    else:
        reads_or_refuses(folder / name)


ELEMENTS = ["graphml", "graph", "node", "edge", "key", "data", "default", "port", "hyperedge"]
ELEMENTS += ["gexf", "nodes", "edges", "attributes", "attribute", "attvalues", "attvalue"]
XML_ATTRIBUTES = ["id", "source", "target", "for", "attr.name", "attr.type", "key", "type"]
XML_ATTRIBUTES += ["edgedefault", "defaultedgetype", "mode", "weight", "label", "title", "pid"]
XML_VALUES = st.one_of(
    st.sampled_from(["", "a", "b", "1", "-1", "1.5", "double", "int", "boolean", "string"]),
    st.sampled_from(["node", "edge", "graph", "all", "directed", "undirected", "dynamic"]),
    st.sampled_from(["d0", "weight", "cluster", "capacity", "baseline", "nan", "liststring"]),
    st.text(max_size=4),
)
xml_attributes = st.dictionaries(st.sampled_from(XML_ATTRIBUTES), XML_VALUES, max_size=4)


def element(children: st.SearchStrategy) -> st.SearchStrategy:
    """Elements as (name, attributes, text, children)."""
    return st.tuples(st.sampled_from(ELEMENTS), xml_attributes, XML_VALUES, children)


def with_children(elements: st.SearchStrategy) -> st.SearchStrategy:
    return element(st.lists(elements, max_size=4))


xml_trees = st.recursive(element(st.just([])), with_children, max_leaves=20)


def render(tree) -> str:
    name, attributes, text, children = tree
    attrs = "".join(f" {key}={quoteattr(value)}" for key, value in attributes.items())
    return f"<{name}{attrs}>{escape(text)}{''.join(map(render, children))}</{name}>"


@FUZZ
@given(tree=xml_trees, suffix=st.sampled_from([".graphml", ".gexf"]))
def test_any_tree_of_graph_elements_reads_or_fails_with_one_line(tmp_path_factory, tree, suffix):
    """Well-formed XML in the formats' own vocabulary, under the format's root and
    namespace: it reaches NetworkX's readers rather than stopping at the XML parser."""
    root = GRAPHML if suffix == ".graphml" else GEXF
    path = tmp_path_factory.mktemp("tree") / f"net{suffix}"
    path.write_text(root.format(render(tree)), encoding="utf-8")
    reads_or_refuses(path)


@FUZZ
@given(
    depth=st.integers(min_value=1, max_value=20_000),
    shape=st.sampled_from(["elements", "gexf_nodes", "graphml_graphs"]),
    suffix=st.sampled_from([".graphml", ".gexf"]),
)
def test_xml_nested_to_any_depth_reads_or_fails_with_one_line(
    tmp_path_factory, depth, shape, suffix
):
    inner = {
        "elements": "<a>" * depth + "</a>" * depth,
        "gexf_nodes": "<nodes>" + '<node id="n"><nodes>' * depth,
        "graphml_graphs": '<node id="n"><graph>' * depth,
    }[shape]
    root = GRAPHML if suffix == ".graphml" else GEXF
    path = tmp_path_factory.mktemp("deep") / f"net{suffix}"
    path.write_text(root.format(inner), encoding="utf-8")
    reads_or_refuses(path)
