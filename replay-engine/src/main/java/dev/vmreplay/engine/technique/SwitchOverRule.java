package dev.vmreplay.engine.technique;

/** A pre-copy switch-over rule, asked at every sync point. Rules may keep state across calls (one instance per run). */
public interface SwitchOverRule {
    SwitchOverDecision decide(SyncPoint point);
}
