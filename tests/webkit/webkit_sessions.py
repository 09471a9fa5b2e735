"""The MiniBrowsers of one test, each under its own WebKitWebDriver, with bounds that WebDriver has not.

Selenium waits for the driver's answers without a time limit, and WebKitWebDriver 2.50 has been seen
never to answer the new-session request (MiniBrowser under Xvfb: twice in some thirty starts while the
drivers shared the tests' process group; not in a hundred since each has its own). Each driver runs
in a process group of its own, so that ending it ends its MiniBrowser too: a start that has not
answered within START_S is ended and made again (with a warning), and a test still waiting on WebKit
after HANG_S has its browsers ended and fails."""

import os
import signal
import threading
import warnings

START_S = 20  # a session starts in about 0.3 s
TRIES = 3
HANG_S = 150  # a test takes seconds


def end(service):
    """Kill a driver's process group (the driver, its MiniBrowser and that browser's processes)."""
    process = getattr(service, "process", None)
    if process is None:
        return
    try:  # the group outlives its leader while the browser's processes run
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.wait(10)


class Sessions:
    """``start(options, env)`` a WebDriver session; ``close()`` quits them all (after the test)."""

    def __init__(self, driver_path):
        self.driver_path = driver_path
        self.services, self.drivers, self.hung = [], [], False
        self._watchdog = threading.Timer(HANG_S, self._end_all)
        self._watchdog.daemon = True
        self._watchdog.start()

    def start(self, options, env):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.service import Service

        failures = []
        for _ in range(TRIES):
            # A path, so that Selenium never asks its Selenium Manager (which would download a driver).
            service = Service(executable_path=self.driver_path, env=env, popen_kw={"start_new_session": True})
            self.services.append(service)
            timer = threading.Timer(START_S, end, (service,))
            timer.start()
            try:
                driver = webdriver.WebKitGTK(options=options, service=service)
            except Exception as error:  # ended by the timer, or refused
                failures.append("%s: %s" % (type(error).__name__, str(error).strip()[:200]))
                end(service)
                warnings.warn("WebKitWebDriver did not start a session (%s); starting another" % failures[-1])
                continue
            finally:
                timer.cancel()
            self.drivers.append(driver)
            return driver
        raise AssertionError("WebKitWebDriver did not start a session in %d tries: %s" % (TRIES, failures))

    def _end_all(self):
        self.hung = True
        for service in self.services:
            end(service)

    def close(self):
        """Quit every session (or, if WebKit hung, only end its processes)."""
        self._watchdog.cancel()
        for driver in self.drivers:
            if not self.hung:
                try:
                    driver.quit()
                except Exception:
                    pass
        for service in self.services:
            end(service)
        assert not self.hung, "WebKit did not answer for %d s: its browsers were ended" % HANG_S
