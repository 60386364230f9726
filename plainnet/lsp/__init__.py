"""`plainnet lsp`: a language server for the Markdown notes of a vault.

- `plainnet.lsp.text`: where the cursor is (a link, a date, a front-matter field), pure.
- `plainnet.lsp.features`: what the editor is told (diagnostics, completions, hovers, symbols,
  edits) as LSP structures, from plain data; testable without a client.
- `plainnet.lsp.state`: the open vault, the buffers' findings and the caches the features read.
- `plainnet.lsp.server`: the pygls wiring (debounced diagnostics, file events).

Positions inside plainnet are (0-based line, code-point column); the server converts them to the
client's position encoding at the edge.
"""
