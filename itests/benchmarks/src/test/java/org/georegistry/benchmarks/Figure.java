package org.georegistry.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the results.
 *
 * @param size the objects (or for reads the objects stored) the step worked over; 0 when a size does not apply
 * @param seconds wall seconds
 * @param perSecond objects (or requests) per second; null when not a rate
 * @param heapLiveMb the most heap the server held after a collection during the step (GC log; where full
 *     collections were forced, their figure); null when the server's heap is not the point
 * @param heapPeakMb the most heap in use before a collection during the step (garbage included)
 * @param target the limit in words, e.g. "≤ 60 s"; null when there is none
 * @param measured the value compared with the target, in words, e.g. "45.2 s"
 * @param ratio the measured value divided by the limit (≤ 1 meets an upper limit, ≥ 1 a floor); null without one
 * @param met whether the target is met; null without a limit
 * @param notes what else a reader needs, e.g. the emulator's own time or latency percentiles
 * @param extra the same in numbers, for the JSON
 */
record Figure(String name, long size, double seconds, Double perSecond, Long heapLiveMb, Long heapPeakMb,
        String target, String measured, Double ratio, Boolean met, String notes, Map<String, Object> extra) {

    static Figure of(String name, long size, double seconds, ServerProcess.HeapPeak heap) {
        return new Figure(name, size, seconds, size > 0 && seconds > 0 ? size / seconds : null,
                heap == null ? null : heap.afterGcMb(), heap == null ? null : heap.beforeGcMb(), null, null, null, null,
                "", new LinkedHashMap<>());
    }

    /** A limit the value must stay under: {@code format} shows the value, e.g. "%.1f s". */
    Figure atMost(String target, String format, double value, double limit) {
        return new Figure(name, size, seconds, perSecond, heapLiveMb, heapPeakMb, target,
                String.format(Locale.ROOT, format, value), value / limit, value <= limit, notes, extra);
    }

    /** A floor the value must reach. */
    Figure atLeast(String target, String format, double value, double floor) {
        return new Figure(name, size, seconds, perSecond, heapLiveMb, heapPeakMb, target,
                String.format(Locale.ROOT, format, value), value / floor, value >= floor, notes, extra);
    }

    Figure rate(Double value) {
        return new Figure(name, size, seconds, value, heapLiveMb, heapPeakMb, target, measured, ratio, met, notes, extra);
    }

    Figure heapLive(long mb) {
        return new Figure(name, size, seconds, perSecond, mb, heapPeakMb, target, measured, ratio, met, notes, extra);
    }

    Figure note(String text) {
        return new Figure(name, size, seconds, perSecond, heapLiveMb, heapPeakMb, target, measured, ratio, met,
                notes.isEmpty() ? text : notes + "; " + text, extra);
    }

    Figure with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extra);
        more.put(key, value);
        return new Figure(name, size, seconds, perSecond, heapLiveMb, heapPeakMb, target, measured, ratio, met, notes,
                more);
    }
}
