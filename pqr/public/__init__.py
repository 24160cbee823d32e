"""The public side of the PQR app, for customers without an account: the filing form,
the status lookup by radicado and document, and signed links to public attachments."""
