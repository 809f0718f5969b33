"""Demo and scale data. Sits on top of every other app, so none of them imports it."""
