"""The application layer: every operation a front end offers, as plain functions.

Each takes paths or in-memory documents and returns values and diagnostics (`assess.errors.Diagnostic`:
warnings and notes with their place); a problem that stops the operation is raised as `AssessError`.
Nothing here prints, reads the terminal or chooses an exit status: `assess/cli.py` and `assess/web/` do.

- `documents`      documents held in memory (bytes with a display name; an assessment already read), for the
                   entry points a front end without files calls (the workspace)
- `library`        the frameworks a command may use (built-in and `--frameworks DIR`), and the files they came from
- `validating`     `assess validate`: every file checked, every problem found at once; a framework held in memory
- `scoring`        assessments scored (files, or held in memory), the engine's sentences in the language asked for
- `rendering`      a report, a comparison or an action plan, in any registered format, to bytes
- `importing`      SurveyJS questionnaires and Canada's AIA answers into our formats, checked before writing
- `extracting`     the assessment attached to a report PDF
- `saving`         an assessment written atomically under its lock; pinning; an action plan recorded
- `questionnaire`  a questionnaire over its file started, resumed and answered, each answer saved as it is given

Kept free of imports, so that a command pays only for the modules it calls.
"""
