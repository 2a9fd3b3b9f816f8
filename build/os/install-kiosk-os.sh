#!/usr/bin/env bash
# Turns a Debian 12 machine into a kiosk: a dedicated `kiosk` user, cage, the systemd unit
# that runs the shell on tty1 with Restart=always, no spare VTs, udev rules for the devices,
# the reboot permission, and a graphical boot. Idempotent. Run as root from build/os/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }

command -v cage >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cage; }

if ! id kiosk >/dev/null 2>&1; then
  useradd --system --create-home --home-dir /var/lib/kiosk-home --shell /usr/sbin/nologin kiosk
fi
# Serial ports, hidraw (via the udev group), GPU and input devices.
usermod -a -G dialout,video,render,input kiosk

install -d -m 0755 /etc/civic-kiosk
[ -e /etc/civic-kiosk/devices.json ] || echo '{}' > /etc/civic-kiosk/devices.json
install -m 0644 "$here/civic-kiosk.service" /etc/systemd/system/civic-kiosk.service
install -d -m 0755 /etc/systemd/logind.conf.d
install -m 0644 "$here/logind-civic-kiosk.conf" /etc/systemd/logind.conf.d/civic-kiosk.conf
install -m 0644 "$here/99-civic-kiosk.rules" /etc/udev/rules.d/99-civic-kiosk.rules
install -d -m 0755 /etc/polkit-1/rules.d
install -m 0644 "$here/50-civic-kiosk-reboot.rules" /etc/polkit-1/rules.d/50-civic-kiosk-reboot.rules

udevadm control --reload-rules && udevadm trigger || true
systemctl daemon-reload
systemctl disable getty@tty1.service || true
systemctl set-default graphical.target
systemctl enable civic-kiosk.service
echo "kiosk OS recipe applied; reboot to start the kiosk (logind settings apply after reboot)"
