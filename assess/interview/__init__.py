"""The interactive questionnaire behind `assess run`.

- `session`: the answers being given and which questions are visible (pure; no terminal)
- `flow`: the ask-record-save-move loop, against a `UI` protocol
- `render`: the text on screen, as plain strings
- `store`: creating, opening (forgivingly, for resume) and atomically saving the file
- `prompts`: the terminal UI (questionary, imported only when `assess run` needs it)
- `runner`: `assess run` from start to end
"""
