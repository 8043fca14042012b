export function ModelLabel({ model, simulated }: { model: string; simulated: boolean }) {
  return (
    <span className="model-label">
      <span className="mono">{model}</span>
      {simulated && (
        <span
          className="pill-sim"
          title="A deterministic simulator, not a real model; its cost is illustrative"
        >
          simulated
        </span>
      )}
    </span>
  );
}
