"""The tools the model may call, in one direction: arguments -> schemas (what the model is shown) and
arguments -> actions (what each tool does) -> dispatch (the one entry point RunTool calls).

Nothing is re-exported here, so importing a part loads only that part: the OpenAI adapter is handed the schemas
by finassist.wiring, and RunTool imports finassist.tools.dispatch on its first call.
"""
