"""Export builders for the 6-weekly review: pure functions, DataFrames in, bytes or text out.

Nothing here draws with Streamlit or reads the database: pages run the queries and pass the frames in
a `ReviewPack`.

- `build_workbook(pack)`: an Excel workbook (Summary, Actions, Changes, Owner load).
- `build_actions_csv(pack)`: the Actions sheet's rows as CSV for Excel (UTF-8 with BOM).
- `build_review_pack_html(pack)`: one self-contained HTML file that works offline and prints to A4.

Plan and user text is never trusted: in the workbook and the CSV a cell that a spreadsheet would run as
a formula gets a leading apostrophe (store.cells.neutralise_formulas); in HTML every piece of
text is escaped.

Modules: values.py converts one value the same way for every output; tables.py holds the ReviewPack,
one spec function per table and the headline numbers; workbook.py, csv.py and html.py (with its page
pack.html and style sheet pack.css) each build one output from those tables.
"""

from components.export.csv import build_actions_csv
from components.export.html import build_review_pack_html
from components.export.tables import ReviewPack
from components.export.workbook import build_workbook

__all__ = ["ReviewPack", "build_actions_csv", "build_review_pack_html", "build_workbook"]
