// Injected into a page before the app loads (page.addInitScript): a requestAnimationFrame
// counter with the worst frame gap, a long-task observer, and a count of the chips that fly
// in the log labs (.flight elements added). Read back as window.__meter.
export function installMeter() {
  const meter = { frames: 0, worstFrame: 0, last: 0, longTasks: [], flights: 0 };
  window.__meter = meter;
  const loop = (time) => {
    meter.frames++;
    if (meter.last > 0) meter.worstFrame = Math.max(meter.worstFrame, time - meter.last);
    meter.last = time;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) meter.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node instanceof HTMLElement && node.classList.contains('flight')) meter.flights++;
      }
    }
  }).observe(document, { childList: true, subtree: true });
}
