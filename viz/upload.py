"""Bring your own network: an uploaded GraphML, GEXF or edge-list CSV, checked like the CLI's.

An upload is written under its own name to a fresh temporary folder and read with
:func:`scenarios.graph_files.read_graph`, so the messages are the CLI's (naming the uploaded
file rather than the temporary path), and a network that falls apart gets the CLI's warning.
Nothing an upload contains can crash the server: every problem becomes a message. The
folder is removed when the upload is replaced or its session ends.
"""

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import solara
from solara.components.file_drop import FileDropZone

from scenarios.graph_files import EXTENSIONS, disconnection_warning, read_graph
from simulation.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
"""Largest upload accepted (5 MB)."""


class Upload:
    """An uploaded network file in its own temporary folder, removed with the upload."""

    def __init__(self, name: str, data: bytes) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="nicsim-upload-")
        self.name = file_name(name)
        self.path = Path(self._folder.name) / self.name
        self.path.write_bytes(data)
        self.warning: str | None = None
        """The CLI's warning when the network falls apart into components."""

    def remove(self) -> None:
        """Delete the folder now (it also goes when the upload is garbage-collected)."""
        self._folder.cleanup()


def file_name(name: str) -> str:
    """The uploaded file's own name, safe as a file name (letters, digits, ``._-``)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", Path(name).stem).strip("._") or "network"
    return stem + Path(name).suffix.lower()


def save_upload(name: str, size: int, data: bytes) -> Upload:
    """Check an uploaded network and keep it in a temporary folder; InputError if it is bad."""
    suffix = Path(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(f"{name}: not a network file; upload {', '.join(EXTENSIONS)}")
    if size > MAX_BYTES:
        raise InputError(f"{name}: {size / 1e6:.1f} MB is over the 5 MB limit")
    upload = Upload(name, data)
    try:
        graph = read_graph(upload.path)
        warning = disconnection_warning(upload.path)
    except InputError as error:
        upload.remove()
        raise InputError(str(error).replace(str(upload.path), name)) from None
    except Exception as error:  # a reader's own failure on a malformed file
        upload.remove()
        raise InputError(f"{name}: cannot be read as a network ({error})") from None
    if graph.number_of_nodes() < 2:
        upload.remove()
        raise InputError(f"{name}: a network needs at least 2 schools")
    upload.warning = warning and warning.replace(str(upload.path), name)
    return upload


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
def NetworkUpload(on_upload: Callable[[Upload], None]):
    """Drop or choose a network file; calls ``on_upload`` with it when it reads."""
    message, set_message = solara.use_state(None)

    def on_file(info: dict) -> None:
        try:
            data = b"" if info["size"] > MAX_BYTES else info["file_obj"].read()
            upload = save_upload(info["name"], info["size"], data)
        except InputError as error:
            set_message(("error", str(error), None))
            return
        loaded = f"{info['name']}: loaded; the run now uses this network"
        set_message(("ok", loaded, upload.warning))
        on_upload(upload)

    NetworkDrop(on_file)
    if message is not None:
        kind, text, warning = message
        show = solara.Error if kind == "error" else solara.Success
        show(text, dense=True, classes=[f"nicsim-upload-{kind}"])
        if warning:
            solara.Warning(warning, dense=True, classes=["nicsim-upload-warning"])
