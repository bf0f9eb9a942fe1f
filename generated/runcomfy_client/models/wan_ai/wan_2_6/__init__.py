# generated from templates/package_init.py.j2 by runcomfy-codegen; do not edit
"""Models under wan_ai.wan_2_6."""
