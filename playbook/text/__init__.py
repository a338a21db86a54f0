"""Text shared by pages and cards: content Markdown rendered safely, and escaping for generated Markdown."""
