"""Security-relevant events. Every service records through `recorder.record_event`."""
