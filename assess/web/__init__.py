"""`assess serve`: the assessment workspace in the browser, on the same engine as the command line.

- `app`         the FastAPI application and its middleware
- `pages`, `api` the HTML pages (htmx) and the JSON API
- `workspace`   assessments in the database: membership, answers, history, import and export
- `records`, `imported` sign-offs and plan entries as rows of their own; an import's claims kept as history
- `views`, `answer_form` what a page shows, and a question's form fields to an answer
- `scorecache`  scores kept per process by the assessment's content, so that a save scores once
- `accounts`, `security`, `sign_in_sessions` passwords, sign-in throttling, CSRF, headers, the sign-in cookie, its end
- `deps`        the request's dependencies: database session, signed-in user, frameworks, the assessment opened
- `account_pages` one's own password; an administrator's page for each account
- `db`, `tables`, `migrations/` the database (SQLite or PostgreSQL) and its Alembic migrations
- `commandline` `assess serve`, `assess user add` and `assess user password`
"""
