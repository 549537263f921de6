using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation;

/// <summary>Churn: sessions and down times drawn from a <see cref="ChurnModel"/>, driven through the event queue.</summary>
public sealed partial class Simulator
{
    private readonly Random _churnRandom;
    private readonly List<(ChurnModel Model, Action<IProtocolEngine>? Farewell)> _churn = [];

    /// <summary>
    /// Puts <paramref name="nodes"/> under churn from now on: a node that is up leaves or crashes
    /// after a session drawn from <see cref="ChurnModel.Session"/>, and rejoins (through its
    /// factory) after a down time drawn from <see cref="ChurnModel.Down"/>; a node that is down
    /// starts with a down time. Graceful leaves call <paramref name="farewell"/> on the engine
    /// first. A node the scenario crashes, leaves or rejoins by hand drops out of churn.
    /// </summary>
    public void StartChurn(ChurnModel model, IEnumerable<SimulatedNode> nodes, Action<IProtocolEngine>? farewell = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(nodes);
        var registration = _churn.Count;
        _churn.Add((model, farewell));
        foreach (var node in nodes)
        {
            var index = Check(node);
            if (_engines[index] is null)
            {
                ScheduleReturn(index, registration);
            }
            else
            {
                ScheduleDeparture(index, registration);
            }
        }
    }

    private void ScheduleDeparture(int index, int registration) =>
        _queue.Schedule(
            _now + _churn[registration].Model.Session.Sample(_churnRandom).Ticks,
            SimulationEvent.Depart(index, registration, _incarnations[index]));

    private void ScheduleReturn(int index, int registration) =>
        _queue.Schedule(
            _now + _churn[registration].Model.Down.Sample(_churnRandom).Ticks,
            SimulationEvent.Return(index, registration, _incarnations[index]));

    /// <summary>A session ends. False if the node was taken out of churn meanwhile.</summary>
    private bool Depart(SimulationEvent item)
    {
        var index = item.Node;
        if (_engines[index] is null || _incarnations[index] != item.Aux)
        {
            return false;
        }

        var (model, farewell) = _churn[item.Other];
        if (model.GracefulFraction > 0 && _churnRandom.NextDouble() < model.GracefulFraction)
        {
            Leave(index, farewell);
        }
        else
        {
            Stop(index, NodeChange.Crashed);
        }

        ScheduleReturn(index, item.Other);
        return true;
    }

    /// <summary>A down time ends. False if the node was taken out of churn meanwhile.</summary>
    private bool Return(SimulationEvent item)
    {
        var index = item.Node;
        if (_engines[index] is not null || _incarnations[index] != item.Aux)
        {
            return false;
        }

        Start(index);
        ScheduleDeparture(index, item.Other);
        return true;
    }
}
