"""The web interface. Without Gradio: the services that do the work (services.py: search,
library and alignment), uploads' limits, the workshop's samples (demo.py), strings in six
languages and safe HTML rendering. With Gradio: one tab a module (*_tab.py), built on the one
mapping of components in page.py; app.py arranges them."""
