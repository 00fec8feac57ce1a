namespace Switchboard.Media.Rtp;

/// <summary>The header extension layouts of RFC 8285 §4, told apart by the "defined by profile" field.</summary>
public enum RtpExtensionForm
{
    /// <summary>X = 0, or a profile RFC 8285 does not define: elements cannot be enumerated.</summary>
    None = 0,

    /// <summary>RFC 8285 §4.2: profile 0xBEDE, 4-bit id (1–14) and 4-bit length − 1; 1–16 data bytes.</summary>
    OneByte,

    /// <summary>RFC 8285 §4.3: profile 0x100 followed by 4 "appbits", 8-bit id (1–255) and 8-bit length; 0–255 bytes.</summary>
    TwoByte,
}
