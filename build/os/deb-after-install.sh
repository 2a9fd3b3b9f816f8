#!/bin/sh
# Runs after the deb is installed: applies the OS recipe if it is not there yet.
set -e
if [ -x "/opt/Civic Kiosk/resources/os/install-kiosk-os.sh" ]; then
  "/opt/Civic Kiosk/resources/os/install-kiosk-os.sh" --from-package || true
fi
