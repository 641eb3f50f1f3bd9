"""Reading school networks from GraphML, GEXF and CSV files, and the errors users see."""

from pathlib import Path

import networkx as nx
import pytest

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
