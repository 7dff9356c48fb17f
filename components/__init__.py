"""Streamlit building blocks: build_* functions are pure (DataFrame -> figure or table),
render_* functions draw with st.*. Components never fetch data."""
