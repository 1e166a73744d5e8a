"""`assess serve`: the assessment workspace in the browser, on the same engine as the command line.

- `app`         the FastAPI application and its middleware
- `pages`, `api` the HTML pages (htmx) and the JSON API
- `workspace`   assessments in the database: membership, answers, history, import and export
- `views`, `answer_form` what a page shows, and a question's form fields to an answer
- `scorecache`  scores kept per process by the assessment's content, so that a save scores once
- `accounts`, `security`, `session` passwords, sign-in throttling, CSRF, headers, the signed session
- `db`, `tables`, `migrations/` the database (SQLite or PostgreSQL) and its Alembic migrations
- `commandline` `assess serve` and `assess user add`
"""
