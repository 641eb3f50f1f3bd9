"""Reading a real school network from a file (the ``from_file`` structure of docs/model.md §2.7).

A network comes as GraphML, GEXF or an edge-list CSV (header ``source,target`` and optionally
``weight``), with an optional node-attribute CSV (an ``id`` or ``node`` column and any of
``cluster``, ``capacity``, ``baseline``, ``context_0`` … ``context_3``). Values in the
attribute CSV override the same attributes in the network file; other attributes in a
GraphML or GEXF file are ignored.

The result has the same shape as the built-in structures: an undirected simple graph on nodes
``0..n-1`` (in file order) with the original id as ``label`` (str), an int ``cluster`` on
every node, the numeric attributes as floats where given, and tie ``weight`` as floats when
the file has weights (1 for a tie without one). Self-loops are dropped, directed ties become
undirected, and repeated ties collapse into one with the largest weight. Every problem
raises :class:`simulation.errors.InputError` with a one-line message naming the file.
"""

import math
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from simulation.errors import InputError

XML_READERS = {".graphml": nx.read_graphml, ".gexf": nx.read_gexf}
READER_ERRORS = (ET.ParseError, nx.NetworkXError, ValueError, KeyError, TypeError)
"""What NetworkX's XML readers raise on a malformed file (besides recursion)."""
EXTENSIONS = (*XML_READERS, ".csv")
EDGE_COLUMNS = ("source", "target", "weight")
ID_COLUMNS = ("id", "node")
RANGES = {
    "capacity": (0.0, 1.0),
    "baseline": (-np.inf, np.inf),
    **{f"context_{d}": (0.0, 1.0) for d in range(4)},
}
ATTRIBUTES = ("cluster", *RANGES)


def read_graph(path: str | Path, node_attributes: str | Path | None = None) -> nx.Graph:
    """Read a school network from GraphML, GEXF or edge-list CSV, with optional attributes.

    Parameters
    ----------
    path : str or Path
        The network: ``.graphml``, ``.gexf`` or ``.csv`` (edge list with a header).
    node_attributes : str or Path, optional
        A CSV of per-school attributes keyed by ``id`` (or ``node``), matching the network's
        node ids.

    Returns
    -------
    networkx.Graph
        Nodes 0..n-1 with ``label``, ``cluster`` and any given numeric attributes.

    Raises
    ------
    InputError
        If a file is missing or malformed, or a value is not allowed.
    """
    path = Path(path)
    labels, edges, attributes = _read_network(path)
    if not labels:
        raise InputError(f"{path}: network has no schools")
    edges = _checked_edges(edges, path)
    attributes = _checked_attributes(attributes, path, "node")
    where = str(path)
    if node_attributes is not None:
        attr_path = Path(node_attributes)
        given = _checked_attributes(_read_attribute_csv(attr_path, labels), attr_path, "id")
        attributes = given.combine_first(attributes).reindex(labels)
        where = f"{path} with {attr_path}"
    return _assemble(labels, edges, attributes, where)


def disconnection_warning(
    path: str | Path, node_attributes: str | Path | None = None
) -> str | None:
    """A one-line warning if the network in a file falls apart into separate components.

    A disconnected network runs, but nothing travels along ties between its components
    (only the hub's supports reach across them); in a real network it often means missing
    ties or mistyped ids. None for a connected network. Components by breadth-first search,
    O(n + m).
    """
    graph = read_graph(path, node_attributes)
    components = [len(c) for c in nx.connected_components(graph)]
    if len(components) < 2:
        return None
    return (
        f"the network in {path} has {len(components)} components (the largest holds "
        f"{max(components)} of {graph.number_of_nodes()} schools); schools in different "
        "components never hear of each other through ties"
    )


# --- reading the network file: each reader returns (labels, edges, attributes) ---


def _read_network(path: Path) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    if not path.is_file():
        raise InputError(f"{path}: network file not found")
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(
            f"{path}: unknown network file type {path.suffix!r}; allowed: {', '.join(EXTENSIONS)}"
        )
    if suffix == ".csv":
        return _read_edge_csv(path)
    kind = suffix[1:].upper()
    try:
        graph = XML_READERS[suffix](path, node_type=_node_id(path))
    except InputError:
        raise
    except RecursionError:  # the reader recurses into nested graphs and nodes
        raise InputError(f"{path}: not a valid {kind} file (nested too deeply)") from None
    except READER_ERRORS as error:
        raise InputError(f"{path}: not a valid {kind} file ({_one_line(error)})") from None
    return _tables_from_networkx(graph)


def _node_id(path: Path):
    """The readers' node_type: a node's or tie end's id as text, refusing a missing one
    (which NetworkX would otherwise read as a school named "None")."""

    def node_id(value: str | None) -> str:
        if value is None or not str(value).strip():
            raise InputError(
                f"{path}: a node or tie lacks an id; every node needs an id, "
                "every tie a source and a target"
            )
        return str(value)

    return node_id


def _tables_from_networkx(graph: nx.Graph) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    labels = [str(node) for node in graph]
    edges = pd.DataFrame(list(graph.edges(data="weight")), columns=list(EDGE_COLUMNS))
    known = {
        str(node): {key: value for key, value in data.items() if key in ATTRIBUTES}
        for node, data in graph.nodes(data=True)
    }
    attributes = pd.DataFrame.from_dict(known, orient="index", dtype=object).reindex(labels)
    return labels, edges, attributes


def _read_edge_csv(path: Path) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    table = _read_csv(path)
    missing = [column for column in EDGE_COLUMNS[:2] if column not in table.columns]
    if missing:
        raise InputError(
            f"{path}: edge list needs a header with columns source,target[,weight]; "
            f"missing {', '.join(missing)}; found {', '.join(table.columns) or 'none'}"
        )
    _reject_unknown_columns(table, EDGE_COLUMNS, path)
    for column in EDGE_COLUMNS[:2]:
        empty = table.index[table[column] == ""]
        if len(empty):
            raise InputError(f"{path}: line {empty[0] + 2} has an empty {column}")
    edges = table.reindex(columns=list(EDGE_COLUMNS)).replace({"": None})
    labels = pd.unique(edges[["source", "target"]].to_numpy().ravel()).tolist()
    return labels, edges, pd.DataFrame(index=pd.Index(labels, dtype=object))


def _read_attribute_csv(path: Path, labels: list[str]) -> pd.DataFrame:
    """Attributes keyed by id, checked against the network's ids."""
    if not path.is_file():
        raise InputError(f"{path}: node-attribute file not found")
    table = _read_csv(path)
    id_column = _id_column(table, path)
    _reject_unknown_columns(table, (id_column, *ATTRIBUTES), path)
    ids = table.pop(id_column)
    duplicated = ids[ids.duplicated()]
    if len(duplicated):
        raise InputError(f"{path}: id {duplicated.iloc[0]!r} appears more than once")
    unknown = ids[~ids.isin(labels)]
    if len(unknown):
        raise InputError(
            f"{path}: {len(unknown)} node ids in {path.name} are not in the network, "
            f"e.g. {unknown.iloc[0]!r}"
        )
    table.index = pd.Index(ids, dtype=object)
    return table.replace({"": None}).astype(object)


def _read_csv(path: Path) -> pd.DataFrame:
    """All cells as stripped strings (empty string when blank), column names in lower case.

    A row with more cells than the header is an error (pandas would otherwise take the
    extra leading cells as a row index, or drop the trailing ones), as is a column named
    twice.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            table = pd.read_csv(
                path, dtype=str, keep_default_na=False, skipinitialspace=True, index_col=False
            )
    except pd.errors.ParserWarning:
        raise InputError(f"{path}: a row has more cells than the header has columns") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: not a readable CSV file ({_one_line(error)})") from None
    table.columns = [str(column).strip().lower() for column in table.columns]
    repeated = table.columns[table.columns.duplicated()]
    if len(repeated):
        raise InputError(f"{path}: column {repeated[0]!r} appears more than once")
    for column in table.columns:
        table[column] = table[column].str.strip()
    return table


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _id_column(table: pd.DataFrame, path: Path) -> str:
    present = [column for column in ID_COLUMNS if column in table.columns]
    if len(present) != 1:
        raise InputError(
            f"{path}: node-attribute file needs exactly one id column, 'id' or 'node'; "
            f"found columns {', '.join(table.columns) or 'none'}"
        )
    return present[0]


def _reject_unknown_columns(table: pd.DataFrame, allowed: tuple[str, ...], path: Path) -> None:
    unknown = [column for column in table.columns if column not in allowed]
    if unknown:
        raise InputError(
            f"{path}: unknown column {', '.join(map(repr, unknown))}; allowed: {', '.join(allowed)}"
        )


# --- checking and converting values ---


def _checked_edges(edges: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Ties without self-loops, with a float weight column (NaN where the file has none)."""
    edges = edges[edges["source"] != edges["target"]].reset_index(drop=True)
    weight = _numbers(edges["weight"])
    bad = edges["weight"].notna() & ~(np.isfinite(weight) & (weight >= 0))
    if bad.any():
        row = edges[bad].iloc[0]
        raise InputError(
            f"{path}: tie weight must be a number ≥ 0, e.g. tie "
            f"{row['source']!r}–{row['target']!r} has {row['weight']!r}"
        )
    return edges.assign(weight=weight)


def _checked_attributes(attributes: pd.DataFrame, path: Path, row_name: str) -> pd.DataFrame:
    """Numeric attributes cast to float (NaN where not given) and checked against RANGES."""
    checked = attributes.copy()
    for column in [column for column in RANGES if column in attributes.columns]:
        raw = attributes[column]
        values = _numbers(raw)
        _reject(values.isna() & raw.notna(), raw, path, column, row_name, "be a number")
        low, high = RANGES[column]
        what = f"be within [{low:g}, {high:g}]" if np.isfinite(high) else "be finite"
        _reject(~values.between(low, high) & values.notna(), raw, path, column, row_name, what)
        checked[column] = values
    return checked


def _numbers(raw: pd.Series) -> pd.Series:
    return pd.to_numeric(raw, errors="coerce").astype(float)


def _reject(bad: pd.Series, raw: pd.Series, path: Path, column: str, row_name: str, what: str):
    if bad.any():
        label = bad.index[bad.to_numpy()][0]
        raise InputError(
            f"{path}: {column} must {what}, e.g. {row_name} {label!r} has {raw[label]!r}"
        )


# --- building the graph ---


def _assemble(
    labels: list[str], edges: pd.DataFrame, attributes: pd.DataFrame, where: str
) -> nx.Graph:
    graph = nx.Graph()
    clusters = _clusters(attributes, where).tolist()
    numeric = attributes.drop(columns="cluster", errors="ignore")
    columns, rows = list(numeric.columns), numeric.to_numpy(dtype=float).tolist()
    for node, (label, row) in enumerate(zip(labels, rows, strict=True)):
        data = {key: x for key, x in zip(columns, row, strict=True) if not math.isnan(x)}
        graph.add_node(node, label=label, cluster=clusters[node], **data)
    graph.add_edges_from(_simple_ties(labels, edges))
    return graph


def _clusters(attributes: pd.DataFrame, where: str) -> np.ndarray:
    """0-based cluster codes: integer ids in numeric order, other ids in order of appearance."""
    if "cluster" not in attributes.columns:
        return np.zeros(len(attributes), dtype=np.int64)
    raw = attributes["cluster"]
    missing = raw.isna()
    if missing.any():
        raise InputError(
            f"{where}: cluster is missing for {missing.sum()} of {len(raw)} schools, "
            f"e.g. {raw.index[missing.to_numpy()][0]!r}; give every school a cluster or none"
        )
    numbers = _numbers(raw)
    if numbers.notna().all() and (numbers == numbers.round()).all():
        return np.unique(numbers.to_numpy(), return_inverse=True)[1]
    return pd.factorize(raw.astype(str))[0]


def _simple_ties(labels: list[str], edges: pd.DataFrame) -> list[tuple]:
    """Undirected ties between node numbers, repeats collapsed to the largest weight."""
    index = pd.Series(np.arange(len(labels)), index=pd.Index(labels, dtype=object))
    u = index[edges["source"]].to_numpy()
    v = index[edges["target"]].to_numpy()
    ties = pd.DataFrame(
        {"u": np.minimum(u, v), "v": np.maximum(u, v), "weight": edges["weight"].to_numpy()}
    )
    if ties["weight"].isna().all():
        ties = ties[["u", "v"]].drop_duplicates()
        return list(zip(ties["u"].tolist(), ties["v"].tolist(), strict=True))
    collapsed = ties.fillna({"weight": 1.0}).groupby(["u", "v"], sort=False)["weight"].max()
    a, b = (collapsed.index.get_level_values(level).tolist() for level in ("u", "v"))
    weights = ({"weight": w} for w in collapsed.tolist())
    return list(zip(a, b, weights, strict=True))
