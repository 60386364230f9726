"""The index's tables. Bump VERSION whenever a table or what goes in it changes: old files are rebuilt."""

VERSION = 21
APP_ID = 0x706E6574  # 'pnet': tells our file from a foreign SQLite database

DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE notes (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,
    title TEXT, type TEXT, fm TEXT, fm_lines TEXT, item_lines TEXT,
    body_line INTEGER, aliases TEXT, tags TEXT, yaml_ok INTEGER,
    silenced TEXT, facts TEXT, details TEXT,
    checked INTEGER  -- 0: the per-note checks have not run yet (a small sync, see plainnet.rules.analyze)
);
CREATE INDEX notes_unchecked ON notes(checked) WHERE checked = 0;
-- the agenda says how many notes could not be read: counted without a scan
CREATE INDEX notes_unreadable ON notes(yaml_ok) WHERE yaml_ok = 0;
-- notes with `plainnet_ignore:` (every check reads them): only those are read
CREATE INDEX notes_silenced ON notes(path) WHERE silenced != '';
-- the agenda's quiet line (snoozed contacts, contacts to triage): only the few it counts are read
CREATE INDEX notes_quiet ON notes(type) WHERE type = 'contact' AND (json_extract(facts, '$.snooze_until') IS NOT NULL
    OR json_extract(facts, '$.untriaged') != 0);
CREATE TABLE links (
    path TEXT, target TEXT, heading TEXT, display TEXT, line INTEGER,
    place TEXT, key TEXT, embed INTEGER, markdown INTEGER, unquoted INTEGER,
    tkey TEXT, resolved TEXT
);
CREATE INDEX links_tkey ON links(tkey);
CREATE INDEX links_resolved ON links(resolved);
-- a note's links, and the link on a follow-up's line:
CREATE INDEX links_path ON links(path, line);
CREATE INDEX links_fm ON links(key) WHERE place = 'front_matter';
CREATE TABLE tasks (
    path TEXT, line INTEGER, text TEXT, status TEXT, due TEXT, done_date TEXT,
    scheduled TEXT, start TEXT, cancelled INTEGER,
    source TEXT, idx INTEGER
);
CREATE INDEX tasks_path ON tasks(path);
CREATE TABLE log (path TEXT, date TEXT, text TEXT, line INTEGER);
CREATE INDEX log_path ON log(path);
CREATE TABLE findings (path TEXT, line INTEGER, col INTEGER, rule TEXT, severity TEXT, message TEXT);
CREATE INDEX findings_path ON findings(path);
CREATE TABLE names (key TEXT, path TEXT, rank INTEGER, last TEXT);  -- last: key's last path part
CREATE INDEX names_key ON names(key);
CREATE INDEX names_path ON names(path);
CREATE INDEX names_last ON names(last);
CREATE TABLE idents (path TEXT, kind TEXT, key TEXT);
CREATE INDEX idents_key ON idents(kind, key);
CREATE INDEX idents_path ON idents(path);
-- a digest of each note's rows per table (links without their resolution): a re-parsed note whose
-- links, tasks, log, names or identities came out the same keeps those rows (see Index._parse_and_write)
CREATE TABLE rowsigs (path TEXT PRIMARY KEY, links TEXT, tasks TEXT, log TEXT, names TEXT, idents TEXT);
-- full-text search: each note's words (title and aliases, front-matter values as `key: value`
-- lines, body), and the FTS5 index over them (external content: the text is stored once)
CREATE TABLE docs (id INTEGER PRIMARY KEY, path TEXT UNIQUE, title TEXT, fields TEXT, body TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, fields, body, content='docs', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2');
CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT);
CREATE TABLE kept_items (
    path TEXT, rank INTEGER, due TEXT, line INTEGER, seq INTEGER, json TEXT, person_path TEXT, uid_key TEXT
);
CREATE INDEX kept_items_path ON kept_items(path);
CREATE INDEX kept_items_order ON kept_items(rank, due, path, line, seq);
CREATE TABLE kept_findings (
    path TEXT, line INTEGER, col INTEGER, rule TEXT, severity TEXT, message TEXT, json TEXT
);
CREATE INDEX kept_findings_path ON kept_findings(path);
CREATE INDEX kept_findings_order ON kept_findings(path, line, col, rule, message, severity);
CREATE TABLE kept_rel (what TEXT, src TEXT, dst TEXT);
CREATE INDEX kept_rel_src ON kept_rel(what, src);
CREATE INDEX kept_rel_dst ON kept_rel(what, dst);
CREATE TABLE kept_names (what TEXT, path TEXT, sig TEXT, PRIMARY KEY (what, path));
"""

NOTE_TABLES = ("notes", "links", "tasks", "log", "findings", "names", "idents", "rowsigs", "docs")

#: columns written for a table whose rows do not fill every column (docs: the id is SQLite's)
INSERT_COLUMNS = {"docs": "(path, title, fields, body)"}

#: the note tables a re-parse leaves alone when their rows came out the same (rowsigs' columns)
KEPT_WHEN_SAME = ("links", "tasks", "log", "names", "idents")

#: the note tables' secondary indexes by name (a large fresh sync builds them after its inserts)
_STATEMENTS = ["\n".join(ln for ln in s.strip().splitlines() if not ln.startswith("--")) for s in DDL.split(";")]
INDEXES = {s.split()[2]: s for s in _STATEMENTS
           if s.startswith("CREATE INDEX") and s.split()[4].split("(")[0] in NOTE_TABLES}
