"""The pygls wiring: requests in, features out, diagnostics debounced, file events followed.

Everything runs on the server's event loop (one thread owns the index's SQLite connection); the
watchdog observer only hands paths over to it. A change schedules the buffer's diagnostics after a
short pause; when it is their turn and the buffer has moved on, nothing is published, so the editor
only ever sees findings for the version it shows.
"""
from __future__ import annotations

import asyncio
import logging
import os
from datetime import date
from urllib.parse import unquote

from lsprotocol import types as T
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from plainnet.lsp import features as F
from plainnet.lsp import text as X

log = logging.getLogger("plainnet.lsp")
DEBOUNCE = 0.05  # seconds a change waits before its findings are computed
FILE_DEBOUNCE = 0.1  # seconds file events are gathered before the index is re-synced


class PlainnetServer(LanguageServer):
    def __init__(self, vault: str | None = None, today: date | None = None, debounce: float = DEBOUNCE,
                 watch: bool = True):
        from plainnet import __version__

        super().__init__("plainnet", __version__, text_document_sync_kind=T.TextDocumentSyncKind.Incremental)
        self.vault_arg, self.today_arg, self.debounce, self.watch = vault, today, debounce, watch
        self.state = None  # VaultState, once initialized
        self.href: str | None = None
        self.published: dict[str, list] = {}  # uri -> findings last published
        self.pending_files: set[str] = set()
        self.file_task: asyncio.Task | None = None
        self.tasks: dict[str, asyncio.Task] = {}
        self.observer = None
        self.ready = False
        self.open_uris: dict[str, str] = {}  # vault path -> URI of the open buffer

    # ------------------------------------------------------------ plumbing

    def doc_of(self, uri: str):
        return self.workspace.get_text_document(uri)

    def open_doc(self, uri: str):
        """The open buffer of `uri`, or None (pygls keys buffers by the unquoted URI)."""
        return self.workspace.text_documents.get(unquote(uri))

    def rel_of(self, uri: str) -> str | None:
        if self.state is None or not uri.startswith("file:"):
            return None
        return self.state.rel(to_fs_path(uri))

    def uri_of(self, rel: str) -> str:
        """The URI the editor uses for a note (as it opened it), else the file's."""
        return self.open_uris.get(rel) or from_fs_path(str(self.state.path_of(rel)))

    def text_of(self, rel: str) -> str | None:
        """The open buffer's text, else the file's; None if unreadable."""
        uri = self.uri_of(rel)
        doc = self.open_doc(uri)
        if doc is not None:
            return doc.source
        try:
            with open(self.state.path_of(rel), encoding="utf-8-sig", errors="replace", newline="") as fh:
                return fh.read()
        except OSError:
            return None

    def cursor(self, doc, pos: T.Position) -> tuple[list[str], int, int]:
        lines = X.split_lines(doc.source)
        p = self.workspace.position_codec.position_from_client_units(doc.lines, pos)
        return lines, p.line, p.character

    def client_range(self, lines: list[str], r: T.Range) -> T.Range:
        return self.workspace.position_codec.range_to_client_units([ln + "\n" for ln in lines], r)

    def convert_edit(self, lines: list[str], e: T.TextEdit) -> T.TextEdit:
        return T.TextEdit(self.client_range(lines, e.range), e.new_text)

    # ------------------------------------------------------------ diagnostics

    def findings_for(self, uri: str):
        """(findings, lines) of a note: from the open buffer, else as saved."""
        rel = self.rel_of(uri)
        if rel is None:
            return [], []
        doc = self.open_doc(uri)
        if doc is not None:
            text = doc.source
            found = self.state.buffer_findings(rel, text)
        else:
            text = self.text_of(rel) or ""
            found = self.state.saved_findings(rel)
        return found, X.split_lines(text)

    def publish(self, uri: str, version: int | None = None) -> None:
        from plainnet.rules.registry import RULES

        found, lines = self.findings_for(uri)
        if self.rel_of(uri) is None and uri not in self.published:
            return
        self.published[uri] = found
        diags = []
        for f in found:
            d = F.diagnostic(f, lines, self.href, RULES[f.rule].summary if f.rule in RULES else "")
            d.range = self.client_range(lines, d.range)
            diags.append(d)
        self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=diags,
                                                                            version=version))

    def schedule(self, uri: str, version: int | None, delay: float | None = None) -> None:
        old = self.tasks.pop(uri, None)
        if old is not None and not old.done():
            old.cancel()
        self.tasks[uri] = asyncio.ensure_future(self._later(uri, version, self.debounce if delay is None else delay))

    async def _later(self, uri: str, version: int | None, delay: float) -> None:
        await asyncio.sleep(delay)
        doc = self.open_doc(uri)
        if doc is None or doc.version != version:
            return
        try:
            self.publish_if_current(uri, version)
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the server; say it
            log.exception("diagnostics failed")
            self.show(f"plainnet: could not check {uri}: {exc}", T.MessageType.Error)

    def publish_if_current(self, uri: str, version: int | None) -> None:
        doc = self.open_doc(uri)
        if doc is not None and doc.version == version:
            self.publish(uri, version)

    def show(self, message: str, kind=T.MessageType.Warning) -> None:
        self.window_show_message(T.ShowMessageParams(type=kind, message=message))

    # ------------------------------------------------------------ files behind the editor's back

    def files_event(self, paths) -> None:
        if self.state is None:
            return
        rels = {r for r in (self.state.rel(p) for p in paths) if r}
        if not rels:
            return
        self.pending_files |= rels
        if self.file_task is None or self.file_task.done():
            self.file_task = asyncio.ensure_future(self._sync_files())

    async def _sync_files(self) -> None:
        await asyncio.sleep(FILE_DEBOUNCE)
        rels, self.pending_files = self.pending_files, set()
        self.resync(rels)

    def resync(self, rels) -> None:
        """Re-index `rels`, then republish every note whose findings were recomputed."""
        try:
            owners = self.state.files_changed(rels)
        except Exception as exc:  # noqa: BLE001
            log.exception("sync failed")
            self.show(f"plainnet: could not update the index: {exc}", T.MessageType.Error)
            return
        if self.state.config_error:
            self.show(f"plainnet: {self.state.config_error}", T.MessageType.Error)
        uris = set(self.open_uris.values()) | set(self.published)
        targets = set(uris) if owners is None else \
            {self.uri_of(r) for r in owners} | {u for u in uris if self.rel_of(u) in owners}
        for uri in sorted(targets):
            doc = self.open_doc(uri)
            self.publish(uri, doc.version if doc else None)

    def start_observer(self) -> None:
        if not self.watch:
            return
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:
            return
        loop = asyncio.get_running_loop()
        server = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                    return
                paths = [os.fsdecode(event.src_path)]
                if getattr(event, "dest_path", None):
                    paths.append(os.fsdecode(event.dest_path))
                loop.call_soon_threadsafe(server.files_event, paths)

        self.observer = Observer()
        self.observer.schedule(Handler(), str(self.state.root), recursive=True)
        self.observer.daemon = True
        self.observer.start()


def make_server(vault: str | None = None, today: date | None = None, debounce: float = DEBOUNCE,
                watch: bool = True) -> PlainnetServer:
    """A server with every feature registered (started by `plainnet lsp` with start_io())."""
    server = PlainnetServer(vault, today, debounce, watch)

    @server.feature(T.INITIALIZE)
    def initialize(ls: PlainnetServer, params: T.InitializeParams):
        from plainnet.lsp.state import VaultState

        root = ls.vault_arg
        if root is None:
            folders = params.workspace_folders or []
            uri = folders[0].uri if folders else params.root_uri
            root = to_fs_path(uri) if uri else (params.root_path or os.getcwd())
        try:
            ls.state = VaultState(root, today=ls.today_arg)
        except Exception as exc:  # noqa: BLE001 - no vault, a broken plainnet.toml: say so, serve nothing
            ls.show(f"plainnet: {exc}", T.MessageType.Error)
            return
        ls.href = ls.state.rules_href()

    @server.feature(T.INITIALIZED)
    async def initialized(ls: PlainnetServer, params):
        await asyncio.sleep(0)
        if ls.state is None:
            return
        try:
            ls.state.warm_up()
        except Exception as exc:  # noqa: BLE001 - e.g. an invalid plainnet.toml: say so, keep serving
            ls.show(f"plainnet: {exc}")
        if ls.state.config_error:
            ls.show(f"plainnet: {ls.state.config_error}", T.MessageType.Error)
        ls.ready = True
        for uri in list(ls.open_uris.values()):
            doc = ls.open_doc(uri)
            if doc is not None:
                ls.publish(uri, doc.version)
        ls.start_observer()
        await asyncio.sleep(0)
        ls.state.entries()
        job = ls.state.last_contacts_job()
        if job is not None:
            try:
                values = await asyncio.get_running_loop().run_in_executor(None, job)
            except Exception:  # noqa: BLE001 - labels keep the front matter's last_contact
                log.exception("last contacts")
            else:
                ls.state.set_last_contacts(values)

    @server.feature(T.SHUTDOWN)
    def shutdown(ls: PlainnetServer, params):
        if ls.observer is not None:
            ls.observer.stop()
        if ls.state is not None:
            ls.state.close()

    @server.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PlainnetServer, params: T.DidOpenTextDocumentParams):
        rel = ls.rel_of(params.text_document.uri)
        if rel:
            ls.open_uris[rel] = params.text_document.uri
            if ls.ready:
                ls.publish(params.text_document.uri, params.text_document.version)

    @server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PlainnetServer, params: T.DidChangeTextDocumentParams):
        if ls.rel_of(params.text_document.uri):
            ls.schedule(params.text_document.uri, params.text_document.version)

    @server.feature(T.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PlainnetServer, params: T.DidSaveTextDocumentParams):
        rel = ls.rel_of(params.text_document.uri)
        if rel:
            ls.resync({rel})

    @server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PlainnetServer, params: T.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        task = ls.tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        rel = ls.rel_of(uri)
        if rel:
            ls.open_uris.pop(rel, None)
            ls.publish(uri, None)  # the note as saved

    @server.feature(T.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: PlainnetServer, params: T.DidChangeWatchedFilesParams):
        ls.files_event([to_fs_path(c.uri) for c in params.changes if c.uri.startswith("file:")])

    from plainnet.lsp import handlers

    handlers.register(server)
    return server
