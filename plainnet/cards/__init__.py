"""`plainnet import` and `plainnet export`: contacts in and out as vCards and CSV.

- `formats`: readers and writers of the file formats (vCard 2.1 to 4.0, CSV exports), pure over
  bytes: they know nothing of vaults.
- `importing`: matching cards to notes, planning and applying an import, exporting notes.

May import: `plainnet.record` (a new note from its template), `plainnet.write`, `plainnet.api` and
everything below it.
"""
