namespace ImmutableId.Api.Endpoints;

/// <summary>
/// A result that is text of one media type rather than JSON (a CSV export, an HTML page): the endpoint answers it as
/// UTF-8 <see cref="MediaType"/> and the OpenAPI documents declare its 200 as a string of that media type
/// (<see cref="ApiEndpoint.AnsweringText{THandler, TText}"/>).
/// </summary>
public interface IApiText
{
    /// <summary>The media type without parameters (<c>text/csv</c>); the answer adds <c>charset=utf-8</c>.</summary>
    static abstract string MediaType { get; }

    /// <summary>The whole body.</summary>
    string Text { get; }
}
