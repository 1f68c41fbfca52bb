// The helpers shared by the test targets live in Tests/WenshuTestSupport (a regular target the
// test targets depend on); these names keep every test of this target reading them as before.
import WenshuTestSupport

typealias TextDecoderTestSupport = WenshuTestSupport.TextDecoderTestSupport
typealias WildPages = WenshuTestSupport.WildPages
