"""Reading and writing: the bundled samples, CSV folders and Excel workbooks."""
