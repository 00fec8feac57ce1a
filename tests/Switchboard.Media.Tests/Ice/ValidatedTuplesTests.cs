using System.Net;
using Switchboard.Media.Ice;

namespace Switchboard.Media.Tests.Ice;

/// <summary>The per-agent tuple table stays bounded and never evicts the selected tuple.</summary>
public sealed class ValidatedTuplesTests
{
    [Fact]
    public void ManyTuples_AreBoundedByCapacity_EvictingTheStalest_ButNeverTheSelected()
    {
        var tuples = new ValidatedTuples();
        var selected = new IPEndPoint(IPAddress.Loopback, 1);
        tuples.RecordValidCheck(selected, timestamp: 0, nominate: true);

        for (var port = 2; port < 100; port++)
        {
            tuples.RecordValidCheck(new IPEndPoint(IPAddress.Loopback, port), timestamp: port, nominate: false);
        }

        Assert.Equal(ValidatedTuples.Capacity, tuples.Count);
        Assert.Equal(selected, tuples.Selected);
        Assert.Equal(0, tuples.SelectedLastCheck);
        Assert.Null(tuples.GetLastCheck(new IPEndPoint(IPAddress.Loopback, 2)));
        Assert.Equal(99, tuples.GetLastCheck(new IPEndPoint(IPAddress.Loopback, 99)));
    }
}
