"""Progress of long runs: a tqdm bar on a terminal or in Jupyter, plain lines elsewhere.

A log file or a batch job's output is not a terminal: a bar redrawn with carriage returns
would fill it with one unreadable line, so there the progress is a line of text every
``plain_interval`` seconds instead.
"""

import sys
import time


def _in_notebook():
    shell = sys.modules.get("IPython")
    if shell is None or "ipykernel" not in sys.modules:
        return False
    ip = shell.get_ipython()
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def _notebook_bar(**kwargs):
    """tqdm's notebook widget, or its text bar (which Jupyter redraws in place) when
    ipywidgets is missing."""
    try:
        import ipywidgets  # noqa: F401  (tqdm.notebook needs it)
        from tqdm.notebook import tqdm
    except ImportError:
        from tqdm import tqdm
    return tqdm(**kwargs)


class ProgressLine:
    """Called as ``progress(done, total)`` between chunks of a run; ``finish()`` at the end.

    Nothing is shown for runs that finish within ``delay`` seconds. On a terminal or in a
    notebook, a tqdm bar (trials done, rate, time left) on ``stream`` (stderr, as the CLI);
    elsewhere, a plain line at most every ``plain_interval`` seconds and one at the end.
    """

    def __init__(self, label="", stream=None, delay=0.5, plain_interval=10.0):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.plain_interval = plain_interval
        self.start = time.monotonic()
        self.last = None
        self.bar = None
        self.plain = not (_in_notebook() or getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, done, total):
        now = time.monotonic()
        if self.last is None and (now - self.start < self.delay or done >= total):
            return  # not shown yet, and finished quickly or just begun
        if self.plain:
            if self.last is not None and now - self.last < self.plain_interval and done < total:
                return
            self._plain_line(done, total, now)
        else:
            self._bar(done, total)
        self.last = now

    def _bar(self, done, total):
        if self.bar is None:
            kwargs = dict(total=total, desc=self.label or None, unit=" trials", unit_scale=True,
                          file=self.stream, leave=True, dynamic_ncols=True)
            if _in_notebook():
                self.bar = _notebook_bar(**kwargs)
            else:
                from tqdm import tqdm

                self.bar = tqdm(**kwargs)
        self.bar.update(done - self.bar.n)

    def _plain_line(self, done, total, now):
        elapsed = now - self.start
        fraction = done / total if total else 1.0
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else 0.0
        prefix = f"{self.label}: " if self.label else ""
        self.stream.write(f"{prefix}{fraction:4.0%}  {done:,}/{total:,} trials  "
                          f"{rate:,.0f} trials/s  {elapsed:.0f} s elapsed, about {eta:.0f} s "
                          "left\n")
        self.stream.flush()

    def finish(self):
        if self.bar is not None:
            self.bar.close()
