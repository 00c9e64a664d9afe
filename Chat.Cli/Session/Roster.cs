namespace Chat.Cli.Session;

/// <summary>Who the user knows: friends and groups with members, kept current by the events, so that
/// names work where ids do and events print names.</summary>
internal sealed class Roster
{
    private readonly Dictionary<int, Friend> _friends = [];
    private readonly Dictionary<int, Group> _groups = [];
    private readonly Dictionary<int, string> _names = [];
    private readonly Lock _lock = new();

    public UserRef Me { get; private set; } = new(0, "");

    public IReadOnlyList<Friend> Friends
    {
        get
        {
            lock (_lock)
            {
                return [.. _friends.Values.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase)];
            }
        }
    }

    public IReadOnlyList<Group> Groups
    {
        get
        {
            lock (_lock)
            {
                return [.. _groups.Values.OrderBy(g => g.Id)];
            }
        }
    }

    public void Load(SyncResult sync)
    {
        lock (_lock)
        {
            Me = sync.Me;
            _names[sync.Me.Id] = sync.Me.Name;
            _friends.Clear();
            _groups.Clear();
            sync.Friends.ForEach(AddFriendLocked);
            sync.Groups.ForEach(AddGroupLocked);
        }
    }

    public void AddFriend(Friend friend)
    {
        lock (_lock)
        {
            AddFriendLocked(friend);
        }
    }

    public void AddGroup(Group group)
    {
        lock (_lock)
        {
            AddGroupLocked(group);
        }
    }

    public void RemoveFriend(int userId)
    {
        lock (_lock)
        {
            _friends.Remove(userId);
        }
    }

    public void RemoveGroup(int groupId)
    {
        lock (_lock)
        {
            _groups.Remove(groupId);
        }
    }

    public void SetPresence(int userId, bool online)
    {
        lock (_lock)
        {
            if (_friends.TryGetValue(userId, out var friend))
            {
                _friends[userId] = friend with { Online = online };
            }

            foreach (var members in _groups.Values.Select(g => g.Members ?? []))
            {
                for (var i = 0; i < members.Count; i++)
                {
                    if (members[i].Id == userId)
                    {
                        members[i] = members[i] with { Online = online };
                    }
                }
            }
        }
    }

    public void MemberJoined(int groupId, Member member)
    {
        lock (_lock)
        {
            _names[member.Id] = member.Name;
            if (_groups.TryGetValue(groupId, out var group) && group.Members is { } members && members.All(m => m.Id != member.Id))
            {
                _groups[groupId] = group with { Members = [.. members, member], MemberCount = members.Count + 1 };
            }
        }
    }

    public void MemberLeft(int groupId, int userId)
    {
        lock (_lock)
        {
            if (userId == Me.Id)
            {
                _groups.Remove(groupId);
            }
            else if (_groups.TryGetValue(groupId, out var group) && group.Members is { } members)
            {
                _groups[groupId] = group with { Members = [.. members.Where(m => m.Id != userId)], MemberCount = members.Count - 1 };
            }
        }
    }

    public string NameOf(int userId)
    {
        lock (_lock)
        {
            return _names.GetValueOrDefault(userId, $"user {userId}");
        }
    }

    public string GroupName(int groupId)
    {
        lock (_lock)
        {
            return _groups.TryGetValue(groupId, out var group) ? group.Name : $"group {groupId}";
        }
    }

    /// <summary>A friend by id or by name (ids win: a token that is a number is an id).</summary>
    public int? FindFriend(string token)
    {
        lock (_lock)
        {
            return int.TryParse(token, out var id) ? id : Single(_friends.Values.Select(f => (f.Id, f.Name)), token);
        }
    }

    /// <summary>One of the user's groups by id or by name.</summary>
    public int? FindGroup(string token)
    {
        lock (_lock)
        {
            return int.TryParse(token, out var id) ? id : Single(_groups.Values.Select(g => (g.Id, g.Name)), token);
        }
    }

    /// <summary>The one entry with exactly this name, else the one that matches ignoring case.</summary>
    public static int? Single(IEnumerable<(int Id, string Name)> entries, string name)
    {
        var list = entries.ToList();
        var exact = list.Where(e => e.Name == name).ToList();
        var loose = list.Where(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return exact.Count == 1 ? exact[0].Id : exact.Count == 0 && loose.Count == 1 ? loose[0].Id : null;
    }

    private void AddFriendLocked(Friend friend)
    {
        _friends[friend.Id] = friend;
        _names[friend.Id] = friend.Name;
    }

    private void AddGroupLocked(Group group)
    {
        _groups[group.Id] = group;
        group.Members?.ForEach(m => _names[m.Id] = m.Name);
    }
}
