using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Chat.Server;

internal static class StartupOptions
{
    /// <summary>Binds and validates a section once, for settings that decide how services are registered (which
    /// database, which certificates, the node's name), and registers that same object as <c>IOptions&lt;T&gt;</c>:
    /// whoever reads it later sees what registration used. A second call returns the first one's object.</summary>
    public static T BindAtStartup<T>(this WebApplicationBuilder builder, string section) where T : class, new()
    {
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(IOptions<T>))?.ImplementationInstance is IOptions<T> bound)
        {
            return bound.Value;
        }

        var options = builder.Configuration.GetSection(section).Get<T>() ?? new();
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new OptionsValidationException(section, typeof(T),
                errors.Select(e => $"{section}:{string.Join(',', e.MemberNames)}: {e.ErrorMessage}"));
        }

        builder.Services.AddSingleton(Options.Create(options));
        return options;
    }
}
