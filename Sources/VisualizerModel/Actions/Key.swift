/// Keys the model understands; the backend maps SDL keycodes onto these.
public enum Key: String, Equatable, Sendable, CaseIterable {
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, enter, escape, backspace, delete
    case f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12
    case letterA = "a"
    case letterB = "b"
    case letterC = "c"
    case letterD = "d"
    case letterE = "e"
    case letterF = "f"
    case letterG = "g"
    case letterH = "h"
    case letterI = "i"
    case letterJ = "j"
    case letterK = "k"
    case letterL = "l"
    case letterM = "m"
    case letterN = "n"
    case letterO = "o"
    case letterP = "p"
    case letterQ = "q"
    case letterR = "r"
    case letterS = "s"
    case letterT = "t"
    case letterU = "u"
    case letterV = "v"
    case letterW = "w"
    case letterX = "x"
    case letterY = "y"
    case letterZ = "z"
    case leftBracket, rightBracket, equals, minus, zero
}
