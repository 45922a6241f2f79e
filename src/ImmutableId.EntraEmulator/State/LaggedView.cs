namespace ImmutableId.EntraEmulator.State;

/// <summary>What an eventually consistent (advanced) query sees: immutable ID changes after <see cref="CutOff"/> are not visible yet.</summary>
internal sealed record LaggedView(DateTimeOffset CutOff);
