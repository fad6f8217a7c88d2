"""The web interface's parts that are not Gradio: strings in six languages, safe HTML
rendering, and the service that runs searches and alignments for the app."""
