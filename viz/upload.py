"""Bring your own network: an uploaded GraphML, GEXF or edge-list CSV, checked like the CLI's.

The upload is written to a fresh temporary folder and read with
:func:`scenarios.graph_files.read_graph`, so the messages are the CLI's (naming the uploaded
file rather than the temporary path). Nothing an upload contains can crash the server: every
problem becomes a message.
"""

import tempfile
from collections.abc import Callable
from pathlib import Path

import solara
from solara.components.file_drop import FileDropZone

from scenarios.graph_files import EXTENSIONS, read_graph
from simulation.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
"""Largest upload accepted (5 MB)."""


def save_upload(name: str, size: int, data: bytes) -> Path:
    """Check an uploaded network and keep it in a temporary file; InputError if it is bad."""
    suffix = Path(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(f"{name}: not a network file; upload {', '.join(EXTENSIONS)}")
    if size > MAX_BYTES:
        raise InputError(f"{name}: {size / 1e6:.1f} MB is over the 5 MB limit")
    path = Path(tempfile.mkdtemp(prefix="nicsim-upload-")) / f"network{suffix}"
    path.write_bytes(data)
    try:
        graph = read_graph(path)
    except InputError as error:
        raise InputError(str(error).replace(str(path), name)) from None
    except Exception as error:  # a reader's own failure on a malformed file
        raise InputError(f"{name}: cannot be read as a network ({error})") from None
    if graph.number_of_nodes() < 2:
        raise InputError(f"{name}: a network needs at least 2 schools")
    return path


class NetworkDropZone(FileDropZone):
    """Solara's drop zone with a file chooser too (dropping is not the only way in)."""

    template_file = (__file__, "network_drop.vue")


@solara.component
def NetworkDrop(on_file: Callable[[dict], None]):
    """The drop zone and chooser alone (Solara's FileDrop wiring, with our template)."""
    chosen, set_chosen = solara.use_state(None)
    files, set_files = solara.use_state(None)
    zone = NetworkDropZone.element(
        label="… or drop a GraphML, GEXF or edge-list CSV (source,target[,weight]), ≤ 5 MB",
        on_file_info=set_chosen,
        multiple=False,
    )

    def wire() -> None:
        if chosen:
            widget = solara.get_widget(zone)
            widget.version += 1
            widget.reset_stats()
            set_files(widget.get_files())

    def receive(cancel) -> None:
        if files:
            on_file(files[0])

    solara.use_effect(wire, [chosen])
    solara.use_thread(receive, [files], intrusive_cancel=False)
    return zone


@solara.component
def NetworkUpload(on_path: Callable[[str], None]):
    """Drop or choose a network file; calls ``on_path`` with the saved file when it reads."""
    message, set_message = solara.use_state(None)

    def on_file(info: dict) -> None:
        try:
            data = b"" if info["size"] > MAX_BYTES else info["file_obj"].read()
            path = save_upload(info["name"], info["size"], data)
        except InputError as error:
            set_message(("error", str(error)))
            return
        set_message(("ok", f"{info['name']}: loaded; the run now uses this network"))
        on_path(str(path))

    NetworkDrop(on_file)
    if message is not None:
        kind, text = message
        show = solara.Error if kind == "error" else solara.Success
        show(text, dense=True, classes=[f"nicsim-upload-{kind}"])
