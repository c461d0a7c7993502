"""The quiz engine of the interactive essay."""
