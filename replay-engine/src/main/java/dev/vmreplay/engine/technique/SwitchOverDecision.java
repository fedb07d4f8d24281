package dev.vmreplay.engine.technique;

/**
 * What a switch-over rule decided at a sync point.
 *
 * @param kind continue pre-copy, switch over (converged), or stuck (the on-stuck policy decides)
 * @param reason which rule decided, for the run log and tests
 */
public record SwitchOverDecision(Kind kind, String reason) {
    public enum Kind { CONTINUE, SWITCH, STUCK }

    public static final SwitchOverDecision CONTINUE = new SwitchOverDecision(Kind.CONTINUE, "continue");

    public static SwitchOverDecision switchOver(String reason) {
        return new SwitchOverDecision(Kind.SWITCH, reason);
    }

    public static SwitchOverDecision stuck(String reason) {
        return new SwitchOverDecision(Kind.STUCK, reason);
    }
}
