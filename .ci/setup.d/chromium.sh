# Headless Chromium renders `sweep report`'s HTML page in a test (screenshot not blank, every figure loaded).
# shellcheck shell=bash
apt_install_missing chromium fonts-dejavu-core
