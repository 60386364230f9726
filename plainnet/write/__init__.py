"""The only code that rewrites a note.

- `edit`: atomic writes with an etag (size, mtime) check, the front-matter splicer that changes
  only the bytes of one value (one-field edit, one-line diff), and the body edits (append under
  a heading, mark a task done).

Used by features and the cli only; imports nothing else of plainnet, so the read path never can
write.
"""
