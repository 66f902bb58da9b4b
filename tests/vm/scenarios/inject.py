#!/usr/bin/env python3
"""inject.py - sends raw 802.11 frames on a monitor interface.

usage: inject.py IFACE HEXFRAME...

Run by tests/vm/scenarios/live.sh in the guest, as root, in the network
namespace that holds IFACE (a plain monitor interface: `iw phy PHY
interface add NAME type monitor`, then up). Each HEXFRAME is one 802.11
frame in hex (header and body, no FCS: the radio adds it); spaces and
colons in it are ignored. Each goes out behind the smallest radiotap
header (version 0, length 8, no field present), through an AF_PACKET
SOCK_RAW socket bound to IFACE, with PAUSE (0.5 s) between frames so that
the receiver has answered one before the next arrives, as a real station
waits for the answer to its authentication before it associates.

The frames are sent as they are: mac80211 assigns no sequence number on
a monitor interface, so the caller writes one into each frame. Frames to
a unicast address are retried by the radio until acknowledged or out of
retries, like any frame the radio sends.

Exit status: 0 when every frame was sent whole, 1 on a send error or a
short send, 2 on bad usage (no frame, a frame that is not hex or is
shorter than a 10-byte 802.11 header).
"""
import socket
import sys
import time

RADIOTAP_EMPTY = bytes([0, 0, 8, 0, 0, 0, 0, 0])
ETH_P_ALL = 0x0003
PAUSE = 0.5
MIN_FRAME = 10  # frame control, duration, addr1: the shortest 802.11 header


def parse_frames(args):
    """The frames as bytes; ValueError naming the first bad one."""
    frames = []
    for text in args:
        digits = text.replace(' ', '').replace(':', '')
        try:
            frame = bytes.fromhex(digits)
        except ValueError:
            raise ValueError('not hex: %s' % text) from None
        if len(frame) < MIN_FRAME:
            raise ValueError('shorter than an 802.11 header: %s' % text)
        frames.append(frame)
    return frames


def main():
    if len(sys.argv) < 3:
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    iface = sys.argv[1]
    try:
        frames = parse_frames(sys.argv[2:])
    except ValueError as e:
        print('inject.py: %s' % e, file=sys.stderr)
        return 2
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                       socket.htons(ETH_P_ALL)) as sock:
        sock.bind((iface, 0))
        for n, frame in enumerate(frames):
            if n:
                time.sleep(PAUSE)
            packet = RADIOTAP_EMPTY + frame
            sent = sock.send(packet)
            if sent != len(packet):
                print('inject.py: %s: frame %d: %d of %d bytes sent' % (
                    iface, n + 1, sent, len(packet)), file=sys.stderr)
                return 1
            print('sent %d bytes: %s' % (len(frame), frame.hex()))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except OSError as e:
        print('inject.py: %s: %s' % (sys.argv[1], e), file=sys.stderr)
        sys.exit(1)
