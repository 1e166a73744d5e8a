#!/usr/bin/env bash
# The tool's words in every language, after a change to the code or a template:
#   bash scripts/i18n.sh            extract the message ids (Python and templates), update each
#                                   assess/locale/LANG/LC_MESSAGES/assess.po and compile its .mo;
#                                   lists the messages still to translate
#   bash scripts/i18n.sh check      the same without writing: exit 1 if a catalogue is stale or incomplete
#   bash scripts/i18n.sh new LANG   start a catalogue for a new language
# Translate the listed messages in the .po (msgstr), then run it again to compile; commit the .po and the .mo.
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
[ -x "$python" ] || python=python3
if [ $# -eq 0 ]; then set -- update; fi
exec "$python" -m assess.catalogues "$@"
