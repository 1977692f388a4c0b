"""Ctrl-C stops a run cleanly: KeyboardInterrupt, no file, and the session still works."""

import os
import signal
import textwrap
import threading
import time

import pytest

import contested
from conftest import AIRBASES, SUSTAINMENT, assert_same_distributions

# Long enough that it is still running when the signal arrives (minutes uninterrupted);
# small chunks so that it stops within a fraction of a second.
LONG = dict(trials=5_000_000, seed=1, backend="cpu", chunk=256)


def interrupt_after(seconds):
    timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    return timer


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals reach Python's main thread only")
def test_keyboard_interrupt_leaves_no_file(tmp_path):
    out = tmp_path / "never.h5"
    timer = interrupt_after(1.0)
    start = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            contested.run(AIRBASES, out=out, progress=lambda *a: None, **LONG)
    finally:
        timer.cancel()
    assert time.monotonic() - start < 30
    assert not out.exists()
    assert os.listdir(tmp_path) == []  # no temporary file either
    # The session is usable: the next run works and equals a run that was never interrupted.
    a = contested.run(SUSTAINMENT, trials=400, seed=2, progress=False)
    b = contested.run(SUSTAINMENT, trials=400, seed=2, progress=False, chunk=50)
    assert_same_distributions(a, b)


def test_error_in_progress_callback_stops_the_run():
    calls = []

    def progress(done, total):
        calls.append(done)
        raise ValueError("stop here")

    with pytest.raises(ValueError, match="stop here"):
        contested.run(SUSTAINMENT, trials=2000, seed=1, chunk=100, progress=progress)
    assert calls == [100]  # the run stopped at the next chunk boundary


def test_ctrl_c_in_a_jupyter_kernel(tmp_path):
    """What a notebook user does: start a long run, press interrupt, carry on."""
    jupyter_client = pytest.importorskip("jupyter_client")
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name="python3")
    try:
        def execute(code, timeout=120):
            msg_id = kc.execute(textwrap.dedent(code))
            reply = kc.get_shell_msg(timeout=timeout)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = kc.get_shell_msg(timeout=timeout)
            return reply["content"]

        setup = execute(f"""
            import contested, os, time
            out = {str(tmp_path / 'interrupted.h5')!r}
        """)
        assert setup["status"] == "ok", setup
        msg_id = kc.execute(
            f"contested.run({str(AIRBASES)!r}, out=out, trials={LONG['trials']}, seed=1, "
            f"backend='cpu', chunk=256)"
        )
        time.sleep(3.0)  # the kernel is inside the engine now
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=60)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        after = execute(f"""
            assert not os.path.exists(out) and os.listdir(os.path.dirname(out)) == []
            r = contested.run({str(SUSTAINMENT)!r}, trials=300, seed=1, progress=False)
            assert r.trials == 300
        """)
        assert after["status"] == "ok", after
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
