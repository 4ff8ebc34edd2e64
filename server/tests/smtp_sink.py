"""A real SMTP server for tests: aiosmtpd on 127.0.0.1:PORT, writing each message to DIR/NNNNN.eml.

Usage: python3 smtp_sink.py PORT DIR   (prints "ready" once listening)
"""
import os
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.directory, f"{self.count:05}.eml")
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Rcpt-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.content)
        os.rename(path + ".tmp", path)
        return "250 OK"


port, directory = int(sys.argv[1]), sys.argv[2]
os.makedirs(directory, exist_ok=True)
controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    controller.stop()
