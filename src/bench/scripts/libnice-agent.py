#!/usr/bin/python3
"""libnice speaking the line protocol of `icelab ice-agent` (see README, "The ice-agent line protocol").

  libnice-agent.py --controlling|--controlled [--bind 127.0.0.1] [--timeout 30]

Prints a=ice-ufrag, a=ice-pwd, one a=candidate line per local candidate and a=end-of-candidates; reads the
peer's lines on stdin; prints "connected LOCAL REMOTE udp" when libnice selects a pair and sends "send TEXT"
lines, prints "data TEXT" for what arrives. Exits 0 once connected and stdin has ended, 1 if not connected in time.
Needs Debian's gir1.2-nice-0.1 and python3-gi (run with /usr/bin/python3).
"""
import argparse
import ctypes
import os
import sys

import gi

gi.require_version("Nice", "0.1")
from gi.repository import GLib, Nice  # noqa: E402

parser = argparse.ArgumentParser()
role = parser.add_mutually_exclusive_group(required=True)
role.add_argument("--controlling", action="store_true")
role.add_argument("--controlled", action="store_true")
parser.add_argument("--bind", default="127.0.0.1")
parser.add_argument("--timeout", type=float, default=30.0)
args = parser.parse_args()

loop = GLib.MainLoop()
ctx = loop.get_context()
agent = Nice.Agent.new(ctx, Nice.Compatibility.RFC5245)
agent.set_property("controlling-mode", args.controlling)
agent.set_property("ice-tcp", False)
agent.set_property("upnp", False)
local = Nice.Address.new()
local.set_from_string(args.bind)
agent.add_local_address(local)
stream = agent.add_stream(1)
state = {"connected": False, "ufrag": None, "eof": False, "code": 1}


def emit(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def address(c):
    return "%s:%d" % (c.addr.dup_string(), c.addr.get_port())


def on_selected(agent_, stream_id, component, lcand, rcand):
    if not state["connected"]:
        state["connected"] = True
        emit("connected %s %s udp" % (address(lcand), address(rcand)))
        if state["eof"]:
            finish(0)


def on_gathering_done(agent_, stream_id):
    for c in agent.get_local_candidates(stream, 1):
        emit(agent.generate_local_candidate_sdp(c))
    emit("a=end-of-candidates")


def on_line(line):
    line = line.strip()
    if line.startswith("a=ice-ufrag:"):
        state["ufrag"] = line[len("a=ice-ufrag:"):]
    elif line.startswith("a=ice-pwd:"):
        agent.set_remote_credentials(stream, state["ufrag"], line[len("a=ice-pwd:"):])
    elif line.startswith("a=candidate:"):
        c = agent.parse_remote_candidate_sdp(stream, line)
        if c is not None:
            agent.set_remote_candidates(stream, 1, [c])
        else:
            sys.stderr.write("ignored candidate: %s\n" % line)
    elif line.startswith("send ") and state["connected"]:
        payload = line[5:].encode()
        agent.send(stream, 1, len(payload), payload)


# nice_agent_attach_recv takes a C callback GObject introspection cannot express; ctypes passes one directly.
RECV = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_uint, ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p,
                        ctypes.c_void_p)
libnice = ctypes.CDLL("libnice.so.10")
libnice.nice_agent_attach_recv.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, RECV,
                                           ctypes.c_void_p]
libglib = ctypes.CDLL("libglib-2.0.so.0")
libglib.g_main_context_default.restype = ctypes.c_void_p
ctypes.pythonapi.PyCapsule_GetPointer.restype = ctypes.c_void_p
ctypes.pythonapi.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]


@RECV
def on_recv(agent_ptr, stream_id, component_id, length, buf, data):
    emit("data " + ctypes.string_at(buf, length).decode("utf-8", "replace"))


def on_stdin(fd, condition):
    data = os.read(fd, 65536)
    if not data:
        state["eof"] = True
        if state["connected"]:
            finish(0)
        return False
    state.setdefault("buffer", b"")
    state["buffer"] += data
    while b"\n" in state["buffer"]:
        line, state["buffer"] = state["buffer"].split(b"\n", 1)
        on_line(line.decode("utf-8", "replace"))
    return True


def finish(code):
    state["code"] = code
    loop.quit()


def on_timeout():
    if not state["connected"]:
        sys.stderr.write("error: not connected within %ss\n" % args.timeout)
        finish(1)
    return False


agent.connect("new-selected-pair-full", on_selected)
agent.connect("candidate-gathering-done", on_gathering_done)
ok, ufrag, pwd = agent.get_local_credentials(stream)
emit("a=ice-ufrag:" + ufrag)
emit("a=ice-pwd:" + pwd)
GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, on_stdin)
GLib.timeout_add(int(args.timeout * 1000), on_timeout)
libnice.nice_agent_attach_recv(ctypes.pythonapi.PyCapsule_GetPointer(agent.__gpointer__, None), stream, 1,
                               libglib.g_main_context_default(), on_recv, None)
agent.gather_candidates(stream)
loop.run()
sys.exit(state["code"])
