namespace Messaging.Core.Common;

/// <summary>Codes for expected failures; the UI and the hub map them to user-facing text.</summary>
public enum ErrorCode
{
    NotFound,
    NotParticipant,
    Forbidden,
    Invalid,
    TooLong,
    Empty,
    Blocked,
    RateLimited,
    Rejected,
    Conflict,

    /// <summary>An outage the user can do nothing about but wait: the database or disk refuses writes.</summary>
    Unavailable,
}

/// <summary>An expected failure with a message a user can read.</summary>
public sealed record Error(ErrorCode Code, string Message)
{
    public static Error NotFound(string what) => new(ErrorCode.NotFound, $"{what} was not found.");
    public static Error NotParticipant() => new(ErrorCode.NotParticipant, "You are not a participant in this conversation.");
    public static Error Forbidden(string message) => new(ErrorCode.Forbidden, message);
    public static Error Invalid(string message) => new(ErrorCode.Invalid, message);
}

public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"Result has no value: {Error!.Message}");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
}
