"""`assess run`: the questionnaire in the terminal. Its state is `assess.questionnaire`, the file's start,
resume and save `assess.app.questionnaire`; this package is the terminal front end over them.

- `flow`: the ask-record-save-move loop, against a `UI` protocol
- `render`: the text on screen, as plain strings
- `paths`: a new file's name, made from the title and claimed under its lock, or checked when given
- `prompts`: the terminal UI (questionary, imported only when `assess run` needs it)
- `jumplist`: go to a question by number or words
- `runner`: `assess run` from start to end
"""
