// The operator's sends-per-second chart: the last minute of `rate` samples as bars on a canvas,
// redrawn in an animation frame and only when a sample arrived.

import { $ } from "./ui.js";

const RATE_WINDOW_SECONDS = 60; // the sends-per-second chart shows the last minute

let samples = []; // [{time, sent, refused}], oldest first
let chartFrame = 0;

/** Adds a `rate` event's sample (the canvas's data-* attributes tell tests what it holds). */
export function addRate(sample) {
  samples.push(sample);
  const latest = Number(sample.time) || 0;
  samples = samples.filter((s) => latest - (Number(s.time) || 0) < RATE_WINDOW_SECONDS);
  const canvas = $("rate-chart");
  canvas.dataset.samples = String(samples.length);
  canvas.dataset.lastSent = String(sample.sent);
  if (!chartFrame) chartFrame = requestAnimationFrame(drawChart);
}

function drawChart() {
  chartFrame = 0;
  const canvas = $("rate-chart");
  const ctx = canvas.getContext("2d");
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const top = Math.max(1, ...samples.map((s) => s.sent + s.refused));
  const barWidth = width / RATE_WINDOW_SECONDS;
  const latest = samples.length ? Number(samples[samples.length - 1].time) : 0;
  for (const sample of samples) {
    // Newest on the right; a second with no traffic stays an empty slot.
    const x = width - (latest - Number(sample.time) + 1) * barWidth;
    const sentHeight = (sample.sent / top) * (height - 14);
    const refusedHeight = (sample.refused / top) * (height - 14);
    ctx.fillStyle = "#4fae4e";
    ctx.fillRect(x, height - sentHeight, barWidth - 1, sentHeight);
    ctx.fillStyle = "#f0932b";
    ctx.fillRect(x, height - sentHeight - refusedHeight, barWidth - 1, refusedHeight);
  }
  ctx.fillStyle = "#8a9199";
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillText(`max ${top}/s`, 4, 11);
}
