# generated from templates/package_init.py.j2 by runcomfy-codegen; do not edit
"""Models under stability.sdxl."""
