"""Graph's "TableColumnCollection: add" (POST .../workbook/tables/{name}/columns/add) on top of FakeGraph.

tests/fakes/graph_api.py has no route for it, and the ledger only needs it when a table gains its Tipo
column. Shapes from the Graph v1.0 reference (api-reference/v1.0/api/tablecolumncollection-add.md in
microsoftgraph/microsoft-graph-docs-contrib): the body is `{"index"?, "values"?, "name"?}`; `index` places the
new column before an existing one and "can't be used to append a column at the end", so an append leaves it
out; `values` is a two-dimensional array, one row per table row, header first; the answer is 200 with a
workbookTableColumn (`id`, `name`, `index`, `values`). A `values` of the wrong height is Excel's 400
InvalidArgument, as for the rows routes.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import requests

from tests.fakes.graph_api import GRAPH, USER_OID, FakeGraph, Reply, graph_error


def add_columns_route(graph: FakeGraph) -> None:
    """Teach graph's workbook to add a table column (state: graph.columns and every row of graph.rows)."""
    table = f"{GRAPH}/me/drive/items/{graph.item_id}/workbook/tables/{quote(graph.table, safe='')}"

    def add(request: requests.PreparedRequest) -> Reply:
        if not graph.table_exists:
            return graph_error(404, "ItemNotFound", "The requested resource doesn't exist.")
        body = json.loads(request.body or "{}")
        index = body.get("index")
        values = body.get("values")
        if index is not None and not 0 <= int(index) < len(graph.columns):
            return _invalid()
        if values is not None and (not isinstance(values, list) or len(values) != len(graph.rows) + 1):
            return _invalid()
        position = len(graph.columns) if index is None else int(index)
        name = str(body.get("name") or (values[0][0] if values else "") or f"Column{len(graph.columns) + 1}")
        graph.columns.insert(position, name)
        for number, row in enumerate(graph.rows, start=1):
            row.insert(position, values[number][0] if values else "")
        column = {
            "@odata.context": f"{GRAPH}/$metadata#users('{USER_OID}')/drive/items('{graph.item_id}')"
            f"/workbook/tables('{graph.table}')/columns/$entity",
            "@odata.type": "#microsoft.graph.workbookTableColumn",
            "id": str(len(graph.columns)),
            "name": name,
            "index": position,
            "values": [[name], *([row[position]] for row in graph.rows)],
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(column)

    graph.mock.add_callback("POST", f"{table}/columns/add", callback=graph._graph("add_column", add))


def _invalid() -> Reply:
    return graph_error(400, "InvalidArgument", "The argument is invalid or missing or has an incorrect format.")
