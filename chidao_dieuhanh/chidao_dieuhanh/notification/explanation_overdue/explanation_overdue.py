"""Standard notification: the template reads the document; no extra context."""
